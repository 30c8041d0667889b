"""Pagination that stays fast at a million rows.

Two costs grow with the register: counting every match for "N cameras match", and OFFSET, which
makes the database build every skipped row. So:

- the count is exact while the planner expects at most EXACT_COUNT_LIMIT matches; past that the
  page says "about N" with PostgreSQL's estimate instead of counting a whole table each request;
- a page first selects the 50 primary keys (an index-only scan where an index covers the order
  and the filters), then loads those 50 rows with their relations: the skipped rows are never
  joined.

Hand-written: Django's Paginator always counts exactly and slices the full query.
"""

import json

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, Window
from django.utils.functional import cached_property

EXACT_COUNT_LIMIT = 100_000
# No list reaches this page (SQL's OFFSET is a 64-bit integer): a bigger number is no page.
LAST_PAGE = 10**15


class RegisterPaginator(Paginator):
    """Counts exactly up to EXACT_COUNT_LIMIT matches, estimates past it; loads pages by key.

    A page costs the same queries at any size: the planner's estimate (PostgreSQL), the page's
    keys — with the exact count of all matches alongside, as a window function, when there are
    few enough to count — and the page's rows.
    """

    approximate = False
    known_count = None  # an exact count found another way (a roll-up): no count of the rows

    @cached_property
    def count(self):
        # Only reached before page(), e.g. for an empty list; page() sets the count itself.
        return self.object_list.count()

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > LAST_PAGE:
            raise EmptyPage("That page contains no results")
        bottom = (number - 1) * self.per_page
        keys_query = self.object_list.values_list("pk", flat=True)
        count = self.known_count
        if count is None:
            estimate = planner_estimate(self.object_list)
            if estimate is not None and estimate > EXACT_COUNT_LIMIT:
                self.approximate, count = True, estimate
        if count is not None:
            self.count = count
            keys = list(keys_query[bottom : bottom + self.per_page])
        else:
            counted = self.object_list.annotate(matches=Window(Count("pk"))).values_list(
                "pk", "matches"
            )
            found = list(counted[bottom : bottom + self.per_page])
            keys = [key for key, _matches in found]
            self.count = found[0][1] if found else (0 if number == 1 else self.per_page)
        if not keys and number > 1:
            raise EmptyPage("That page contains no results")
        if self.approximate and len(keys) < self.per_page:
            # The last page: the estimate was wrong, and now the exact count is known.
            self.approximate, self.count = False, bottom + len(keys)
            self.__dict__.pop("num_pages", None)
        number = self.validate_number(number) if not self.approximate else number
        # The same queryset narrowed to the page's keys keeps its joins and annotations.
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)}
        return Page([rows[key] for key in keys], number, self)


def planner_estimate(queryset) -> int | None:
    """Return PostgreSQL's estimate of the rows a queryset matches; None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    if queryset.query.is_empty():
        return 0
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
