"""Years of changes in one file: a camera's rows, each with its own `effective_on`, oldest first.

A file with an `effective_on` column may name a camera on several rows. Its rows are taken in
generations — every camera's first row, then every camera's second, and so on — each checked
against the register as the generations before it left it, in one transaction: so the second
row of a camera is a change from its first, on its own day, and one bad row still writes
nothing. Without the column a repeated asset tag stays a problem (checks.Check.check_tag).
"""

from django.utils.translation import gettext as _

from core.cells import CellError
from core.codes import normalise_code
from core.csvfile import unneutralise
from core.csvread import Problem

from ..columns import BY_NAME


def generations(header: list[str], records) -> tuple[list[list] | None, list[Problem]]:
    """Return the rows (line, cells) in generations, and the problems of their order: a
    camera's rows must name later and later days. None when the file has no `effective_on`
    column: its rows are read as they come, a chunk at a time."""
    names = [cell.strip().lower() for cell in header]
    if "effective_on" not in names or "asset_tag" not in names:
        return None, []
    tag_at, day_at = names.index("asset_tag"), names.index("effective_on")
    parse = BY_NAME["effective_on"].cell.parse
    found: list[list] = [[]]
    seen: dict[str, tuple[int, int, object]] = {}  # tag → (rows so far, last line, last day)
    problems = []
    for line, cells in records:
        tag = _cell(cells, tag_at)
        key = normalise_code(tag).upper()
        if not key or key not in seen:
            seen[key] = (1, line, _day(parse, _cell(cells, day_at)))
            found[0].append((line, cells))
            continue
        count, last_line, last_day = seen[key]
        day = _day(parse, _cell(cells, day_at))
        if day is None or last_day is None or day <= last_day:
            problems.append(Problem(line, "effective_on", _(
                "%(tag)s is on line %(line)s too: a camera's rows each need an effective_on, "
                "later than the row before (oldest first)."
            ) % {"tag": tag, "line": last_line}, day_at))  # fmt: skip
        seen[key] = (count + 1, line, day)
        if len(found) == count:
            found.append([])
        found[count].append((line, cells))
    return found, problems


def _cell(cells: list[str], index: int) -> str:
    return unneutralise(cells[index].strip()) if index < len(cells) else ""


def _day(parse, text: str):
    try:
        return parse(text) if text else None
    except CellError:
        return None  # the check of the cell says what is wrong with it
