"""The import's replacement rules (汰換): what a row's `replaces` may name, and what follows.

A replaced camera is retired and stays so; an old camera is replaced at most once, never by a
camera installed before it, and no chain of replacements closes in a loop. The file and the
register are read together: a row says anew what its camera replaces.
"""

import itertools

from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from ..models import Camera, CameraStatus
from . import checked
from .checked import Fact
from .matching import matching

RETIRED = CameraStatus.RETIRED


class FileRows:
    """The facts of the file's rows, looked up in the table of its tags (checked.py) as the
    rules need them, and kept: the rows that replace, and the cameras they name."""

    def __init__(self, rows: list[tuple[str, Fact]]):
        self.known = dict(rows)
        self.looked_up = set(self.known)

    def load(self, tags):
        missing = set(tags) - self.looked_up
        self.known.update(checked.facts(sorted(missing)))
        self.looked_up |= missing

    def get(self, tag: str) -> Fact | None:
        return self.known.get(tag)


def check_replacements(check):
    """Report every row that breaks a replacement rule, through `check.problem`."""
    replacing = checked.replacing()
    rows = FileRows(replacing)
    wanted = sorted({fact.replaces for _tag, fact in replacing})
    rows.load(wanted)
    old_facts = {}  # tag -> (status, install day) once the file is written
    for cameras in matching(Camera.objects.all(), "asset_tag", wanted) if wanted else ():
        old_facts.update(
            (tag, (status, day))
            for tag, status, day in cameras.values_list("asset_tag", "status", "installed_on")
        )
    for tag in wanted:
        if (fact := rows.get(tag)) is not None:
            old_facts[tag] = (fact.status, fact.installed_on)
    in_file = checked.present(wanted)  # the old cameras the file has, read or not
    replaced_by = {}  # old tag -> (new tag, its line in the file, or None for the register's)
    # the register's replacements of the file's cameras and of the old ones; a camera in the
    # file says anew what it replaces
    others = Camera.objects.exclude(asset_tag__in=RawSQL(checked.ALL_TAGS, []))  # noqa: S611
    named = itertools.chain(  # each of matching()'s sets is good only while it is the current one
        [others.filter(replaces__asset_tag__in=RawSQL(checked.ALL_TAGS, []))],  # noqa: S611
        matching(others, "replaces__asset_tag", wanted) if wanted else (),
    )
    for cameras in named:
        for old, new in cameras.values_list("replaces__asset_tag", "asset_tag"):
            replaced_by[old] = (new, None)
    for tag, fact in replacing:
        if fact.replaces != tag:
            _check_one(check, tag, fact, old_facts, replaced_by, in_file)
    olds = [old for old, (_new, line) in replaced_by.items() if line is None]
    rows.load(olds)
    for old in olds:
        fact = rows.get(old)
        if fact is not None and fact.status != RETIRED:
            check.problem(
                fact.line, "status",
                _("%(old)s was replaced by %(new)s: a replaced camera stays retired.")
                % {"old": old, "new": replaced_by[old][0]},
            )  # fmt: skip
    _check_loops(check, replacing, rows)


def _check_one(check, tag, fact, old_facts, replaced_by, in_file):
    line, old = fact.line, fact.replaces
    if old not in old_facts and old not in in_file:
        message = _("no camera has the asset tag %(tag)s, in the register or in this file.")
        check.problem(line, "replaces", message % {"tag": old})
        return
    if old in replaced_by:
        other, other_line = replaced_by[old]
        if other_line:
            message = _("camera %(old)s is replaced on line %(line)s already.") % {
                "old": old, "line": other_line,
            }  # fmt: skip
        else:
            message = _("camera %(old)s is replaced by %(other)s already.") % {
                "old": old, "other": other,
            }  # fmt: skip
        check.problem(line, "replaces", message)
        return
    replaced_by[old] = (tag, line)
    status, installed = old_facts.get(old, (RETIRED, None))
    if status != RETIRED:
        check.problem(
            line, "replaces",
            _("camera %(old)s is still in service, and a replaced camera is retired: retire it "
              "in this file, or first.") % {"old": old},
        )  # fmt: skip
    if installed and fact.installed_on and fact.installed_on < installed:
        check.problem(
            line, "installed_on",
            _("%(day)s is before %(old)s, the camera it replaces, was installed (%(then)s).")
            % {"day": fact.installed_on.isoformat(), "old": old, "then": installed.isoformat()},
        )  # fmt: skip


def _check_loops(check, replacing, rows: FileRows):
    """A chain of `replaces` that comes back to where it started is refused at each row on it."""
    following = _register_chains(replacing, rows)
    for tag, fact in replacing:
        if fact.replaces == tag:
            continue  # replacing itself is refused on its own
        chain, current = [tag], fact.replaces
        while current and current not in chain and len(chain) < 1000:
            chain.append(current)
            row = rows.get(current)
            current = row.replaces if row is not None else following.get(current)
        if current == tag:
            check.problem(
                fact.line, "replaces",
                _("the replacements would close in a loop: %(chain)s; a camera cannot replace "
                  "one that replaces it.") % {"chain": " → ".join([*chain, current])},
            )  # fmt: skip


def _register_chains(replacing, rows: FileRows) -> dict[str, str | None]:
    """Return what the register's cameras on the file's chains replace: a query a step."""
    following = {}
    frontier = {fact.replaces for _tag, fact in replacing if rows.get(fact.replaces) is None}
    while frontier:
        found = {}
        for cameras in matching(Camera.objects.all(), "asset_tag", sorted(frontier)):
            found.update(cameras.values_list("asset_tag", "replaces__asset_tag"))
        following.update(found)
        rows.load(old for old in found.values() if old)
        frontier = {old for old in found.values() if old and rows.get(old) is None}
        frontier -= following.keys()
    return following
