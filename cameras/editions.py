"""The figures' edition: the dashboard's and the coverage report's figures, and the series, kept
by each process until the register's figures next change.

Those figures are sums over the coverage roll-up and its changes by day, named with the batches
and precincts; nothing else moves them. Every write of the roll-up (cameras/rollup.py) and every
save or delete of a batch or a precinct (cameras/signals.py) gives the one FigureEdition row a new
token, in the writer's transaction: readers see the new token when they see the new rows. A page
reads the token first, then looks for its figures under it (and its day, scope and language) in
Django's cache, and works them out only when they are not there.

The writers take the row's lock before any roll-up row, batch or precinct they write or point
at (a new camera, a site's transfer and an import take it before their first such row), always
in that order, so two of them wait for each other instead of deadlocking; an import and a bulk
edit take it before they lock the cameras they count (lock(): an import that finds problems
writes nothing, not even a new token). The lock is held until the writer commits: an import's
writes, a bulk edit's, a batch's save wait for each other (an import's preview writes nothing).
Hand-written: cache libraries key on time or on models' saves, and the roll-up is written in bulk
by SQL that no save signal sees.
"""

import secrets

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from .models import FigureEdition

KEPT_FOR = 24 * 3600  # seconds: a day's figures outlive no day in the key anyway


def bump():
    """Give the figures a new edition (inside the writer's transaction)."""
    token = secrets.token_hex(16)
    if not FigureEdition.objects.update(token=token):  # an emptied table (tests flush it)
        FigureEdition.objects.create(token=token)


def lock():
    """Take the edition row's lock without renewing it, for a writer that may write nothing."""
    list(FigureEdition.objects.select_for_update().values_list("pk", flat=True))


def _kept() -> bool:
    """Whether figures may be kept: not inside a transaction (see cached())."""
    return not connection.in_atomic_block


def cached(name: str, parts: tuple, work):
    """Return work()'s value for these `parts` of the page, kept under the figures' edition.

    Inside a transaction the figures are worked out and not kept: it may hold writes of its own
    that are rolled back (a test's, or an edit's that fails), whose figures no one else sees.
    """
    if not _kept():
        return work()
    token = FigureEdition.objects.values_list("token", flat=True).first()
    if token is None:
        return work()
    key = ":".join(["figures", name, token, get_language() or "", *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = work()
        cache.set(key, value, KEPT_FOR)
    return value
