"""The import's replacement rules (汰換): what a row's `replaces` may name, and what follows.

A replaced camera is retired and stays so; an old camera is replaced at most once, never by a
camera installed before it, and no chain of replacements closes in a loop. The file and the
register are read together: a row says anew what its camera replaces.
"""

import datetime
from typing import NamedTuple

from django.utils.translation import gettext as _

from ..models import Camera, CameraStatus
from .matching import matching

RETIRED = CameraStatus.RETIRED


class Fact(NamedTuple):
    """What the rules between rows need of a row of the file: kept for every row, so small."""

    line: int
    status: str | None
    installed_on: datetime.date | None
    replaces: str | None


def _row(in_file: dict, tag: str) -> Fact | None:
    """Return the facts of the file's row of `tag`; None when the file has no checked row of
    it (a tag on a line too short to read holds only its line)."""
    fact = in_file.get(tag)
    return fact if type(fact) is Fact else None


def check_replacements(check, in_file: dict[str, "Fact | int"]):
    """Report every row that breaks a replacement rule, through `check.problem`. `in_file`:
    every asset tag of the file, in the file's order, with its row's facts."""
    replacing = [(tag, fact) for tag, fact in in_file.items()
                 if type(fact) is Fact and fact.replaces]  # fmt: skip
    wanted = sorted({fact.replaces for _tag, fact in replacing})
    old_facts = {}  # tag -> (status, install day) once the file is written
    for cameras in matching(Camera.objects.all(), "asset_tag", wanted) if wanted else ():
        old_facts.update(
            (tag, (status, day))
            for tag, status, day in cameras.values_list("asset_tag", "status", "installed_on")
        )
    for tag in wanted:
        if (fact := _row(in_file, tag)) is not None:
            old_facts[tag] = (fact.status, fact.installed_on)
    replaced_by = {}  # old tag -> (new tag, its line in the file, or None for the register's)
    named = sorted({*wanted, *in_file})  # old cameras, and the file's own (replaced before?)
    for cameras in matching(Camera.objects.all(), "replaces__asset_tag", named):
        for old, new in cameras.values_list("replaces__asset_tag", "asset_tag"):
            if new not in in_file:  # a camera in the file says anew what it replaces
                replaced_by[old] = (new, None)
    for tag, fact in replacing:
        if fact.replaces != tag:
            _check_one(check, tag, fact, old_facts, replaced_by, in_file)
    for old, (new, line) in replaced_by.items():
        fact = _row(in_file, old)
        if fact is not None and line is None and fact.status != RETIRED:
            check.problem(
                fact.line, "status",
                _("%(old)s was replaced by %(new)s: a replaced camera stays retired.")
                % {"old": old, "new": new},
            )  # fmt: skip
    _check_loops(check, replacing, in_file)


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


def _check_loops(check, replacing, in_file):
    """A chain of `replaces` that comes back to where it started is refused at each row on it."""
    following = _register_chains(replacing, in_file)
    for tag, fact in replacing:
        if fact.replaces == tag:
            continue  # replacing itself is refused on its own
        chain, current = [tag], fact.replaces
        while current and current not in chain and len(chain) < 1000:
            chain.append(current)
            row = _row(in_file, current)
            current = row.replaces if row is not None else following.get(current)
        if current == tag:
            check.problem(
                fact.line, "replaces",
                _("the replacements would close in a loop: %(chain)s; a camera cannot replace "
                  "one that replaces it.") % {"chain": " → ".join([*chain, current])},
            )  # fmt: skip


def _register_chains(replacing, in_file) -> dict[str, str | None]:
    """Return what the register's cameras on the file's chains replace: a query a step."""
    following = {}
    frontier = {fact.replaces for _tag, fact in replacing if _row(in_file, fact.replaces) is None}
    while frontier:
        found = {}
        for cameras in matching(Camera.objects.all(), "asset_tag", sorted(frontier)):
            found.update(cameras.values_list("asset_tag", "replaces__asset_tag"))
        following.update(found)
        frontier = {old for old in found.values() if old and _row(in_file, old) is None}
        frontier -= following.keys()
    return following
