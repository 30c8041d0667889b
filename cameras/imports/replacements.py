"""The import's replacement rules (汰換): what a row's `replaces` may name, and what follows.

A replaced camera is retired and stays so; an old camera is replaced at most once, never by a
camera installed before it, and no chain of replacements closes in a loop. The file and the
register are read together: a row says anew what its camera replaces.
"""

from django.utils.translation import gettext as _

from ..models import Camera, CameraStatus
from .matching import matching

RETIRED = CameraStatus.RETIRED


def check_replacements(check, rows: list, in_file: dict[str, int]):
    """Report every row that breaks a replacement rule, through `check.problem`."""
    by_tag = {row["asset_tag"]: row for row in rows}
    wanted = sorted({row["replaces"] for row in rows if row.get("replaces")})
    old_facts = {}  # tag -> (status, install day) once the file is written
    for cameras in matching(Camera.objects.all(), "asset_tag", wanted) if wanted else ():
        old_facts.update(
            (tag, (status, day))
            for tag, status, day in cameras.values_list("asset_tag", "status", "installed_on")
        )
    old_facts.update((tag, (row["status"], row["installed_on"])) for tag, row in by_tag.items())
    replaced_by = {}  # old tag -> (new tag, its line in the file, or None for the register's)
    named = sorted({*wanted, *in_file})  # old cameras, and the file's own (replaced before?)
    for cameras in matching(Camera.objects.all(), "replaces__asset_tag", named):
        for old, new in cameras.values_list("replaces__asset_tag", "asset_tag"):
            if new not in in_file:  # a camera in the file says anew what it replaces
                replaced_by[old] = (new, None)
    for row in rows:
        old = row.get("replaces")
        if old and old != row["asset_tag"]:
            _check_one(check, row, old, old_facts, replaced_by, in_file)
    for old, (new, line) in replaced_by.items():
        row = by_tag.get(old)
        if row is not None and line is None and row["status"] != RETIRED:
            check.problem(
                row["line"], "status",
                _("%(old)s was replaced by %(new)s: a replaced camera stays retired.")
                % {"old": old, "new": new},
            )  # fmt: skip
    _check_loops(check, rows, by_tag)


def _check_one(check, row, old, old_facts, replaced_by, in_file):
    line = row["line"]
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
    replaced_by[old] = (row["asset_tag"], line)
    status, installed = old_facts.get(old, (RETIRED, None))
    if status != RETIRED:
        check.problem(
            line, "replaces",
            _("camera %(old)s is still in service, and a replaced camera is retired: retire it "
              "in this file, or first.") % {"old": old},
        )  # fmt: skip
    if installed and row["installed_on"] and row["installed_on"] < installed:
        check.problem(
            line, "installed_on",
            _("%(day)s is before %(old)s, the camera it replaces, was installed (%(then)s).")
            % {"day": row["installed_on"].isoformat(), "old": old, "then": installed.isoformat()},
        )  # fmt: skip


def _check_loops(check, rows, by_tag):
    """A chain of `replaces` that comes back to where it started is refused at each row on it."""
    following = _register_chains(rows, by_tag)
    for row in rows:
        if not row.get("replaces") or row["replaces"] == row["asset_tag"]:
            continue  # replacing itself is refused on its own
        chain, current = [row["asset_tag"]], row["replaces"]
        while current and current not in chain and len(chain) < 1000:
            chain.append(current)
            current = (
                by_tag[current].get("replaces") if current in by_tag else following.get(current)
            )
        if current == row["asset_tag"]:
            check.problem(
                row["line"], "replaces",
                _("the replacements would close in a loop: %(chain)s; a camera cannot replace "
                  "one that replaces it.") % {"chain": " → ".join([*chain, current])},
            )  # fmt: skip


def _register_chains(rows, by_tag) -> dict[str, str | None]:
    """Return what the register's cameras on the file's chains replace: a query a step."""
    following, frontier = {}, {row["replaces"] for row in rows if row.get("replaces")}
    frontier -= by_tag.keys()
    while frontier:
        found = {}
        for cameras in matching(Camera.objects.all(), "asset_tag", sorted(frontier)):
            found.update(cameras.values_list("asset_tag", "replaces__asset_tag"))
        following.update(found)
        frontier = {old for old in found.values() if old} - following.keys() - by_tag.keys()
    return following
