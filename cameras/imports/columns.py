"""The import's view of the camera columns (cameras/columns.py): the header, each cell's parser.

A file's columns are the export's, in any order; the required ones must be there. Of the rest,
the camera's own fields are written when present (kept as they are, or a new camera's defaults,
when absent); `installed_on_roc` and `retired_on_roc` must agree with the ISO dates;
`site_name`, `latitude` and `longitude` are read only to create a missing site; `batch_name` and
`precinct_name` are for people and not read.
"""

from operator import itemgetter

from django.utils.translation import gettext as _

from core.cells import CellError
from core.csvfile import unneutralise
from core.csvread import Problem, Refused

from ..columns import BY_NAME, CAMERA_COLUMNS, FOR_NEW_SITE, NOT_READ, REQUIRED, WRITTEN
from ..models import Camera

# The camera table's columns an import writes (replaces_id is set apart, by asset tag; the
# precinct and station are the site's).
CAMERA_FIELDS = (
    *(
        Camera._meta.get_field(column.name).attname
        for column in CAMERA_COLUMNS
        if column.reads == WRITTEN and column.name not in ("asset_tag", "replaces")
    ),
    "precinct_id",
    "station_id",
    "install_day_unknown",  # set from installed_on and in_service_since_at_latest
)
# The optional columns a camera takes from the file when present, else keeps, or a new one's
# default (data_source is the import's own unless the file names one).
OPTIONAL_DEFAULTS = {
    column.name: Camera._meta.get_field(column.name).get_default()
    for column in CAMERA_COLUMNS
    if column.reads == WRITTEN and not column.required and column.name != "data_source"
}
MAPPED_REQUIRED = ("asset_tag", "site", "precinct", "batch")
# What tells an update from an unchanged row (replaces: the asset tag it names).
COMPARED = (*CAMERA_FIELDS, "replaces")
compared = itemgetter(*COMPARED)  # a row's COMPARED values, as a tuple
# Columns whose every cell differs: parsed one by one, not through a cache of distinct texts.
UNIQUE = frozenset({"asset_tag", "replaces"})


def read_header(header: list[str], *, mapped: bool = False) -> dict[str, int]:
    """Return {column: position}; refuse unknown, repeated and missing columns.

    A column without a name is allowed (Excel adds them) as long as its cells are empty. A
    mapped list (imports/mapping.py) needs only the columns that say which camera, where and
    in which batch: of the rest, a new camera takes defaults and a known one keeps its own.
    """
    columns: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            continue
        if name not in BY_NAME:
            message = _("unknown column; use the column names of the camera export.")
            problems.append(Problem(1, raw.strip(), message, index))
        elif name in columns:
            problems.append(Problem(1, name, _("the column appears twice."), index))
        else:
            columns[name] = index
    for name in MAPPED_REQUIRED if mapped else REQUIRED:
        if name not in columns:
            problems.append(Problem(1, name, _("this required column is missing."), len(header)))
    if problems:
        raise Refused(*problems)
    return columns


def parser(name: str):
    """Return the function that reads a cell of column `name`, or None for a column not read.

    Columns read only for a new site keep their text: it is checked when a site is created.
    """
    column = BY_NAME[name]
    if column.reads == NOT_READ:
        return None
    if column.reads == FOR_NEW_SITE:
        return _text
    parse = column.cell.parse
    if column.blank:  # an empty cell is the kind's "none" (an unknown direction is "")
        empty = getattr(column.cell, "empty", None)
        return lambda text: parse(text) if text else empty
    return lambda text: parse(text) if text else _empty()


def _text(text: str) -> str:
    return text


def _empty():
    raise CellError(_("this cell must not be empty."))


def read_cell(parse, text: str):
    """Return the cell's value, or the CellError that says what is wrong with it."""
    text = text.strip()
    if text[:1] == "'":
        text = unneutralise(text)
    try:
        return parse(text)
    except CellError as error:
        return error
