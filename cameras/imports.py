"""Import cameras from a CSV file in the camera export's own format: every row, or none.

Rows are matched by asset tag: a new tag creates a camera, a known one updates it. Every row is
checked first, against the others and the register; if any is wrong, nothing is written and
every problem is listed as `line N, column X: what is wrong` in the user's language. A good file
is written in one transaction: new cameras by COPY into the camera table on PostgreSQL (batched
INSERTs elsewhere), updates through a staging table and one UPDATE … FROM.

The file's columns are the export's (see csvfile.CAMERA_COLUMNS), in any order; the first nine
are required. Of the rest, the camera's own fields are written when present (kept as they are,
or a new camera's defaults, when absent); `installed_on_roc` and `retired_on_roc` must agree with
the ISO dates; `site_name`, `latitude` and `longitude` are read only to create a missing site;
`batch_name` and `precinct_name` are for people and not read.
"""

import gc
import hashlib
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from sys import intern
from unicodedata import normalize

from django.db import IntegrityError, connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from leases.models import Batch

from . import rollup
from .csvfile import (
    CAMERA_COLUMNS,
    Problem,
    Refused,
    decode,
    pg_copy,
    read_rows,
    unneutralise,
)
from .history import BASELINE_REASON
from .models import Camera, CameraStatus, DataSource, ImportRecord, Precinct, Site
from .roc import ROC_OFFSET, RocDateError, format_roc, parse_date

REQUIRED_COLUMNS = CAMERA_COLUMNS[:9]  # the published contract's columns
BOOLEAN_COLUMNS = (
    "is_lane",
    "has_lpr",
    "has_vehicle_attributes",
    "has_trajectory",
    "has_target_alert",
)
# The columns a camera takes from the file when present, else keeps, or a new one's default.
OPTIONAL_DEFAULTS = {
    "has_vehicle_attributes": False,
    "has_trajectory": False,
    "has_target_alert": False,
    "resolution_mp": None,
    "replaces": None,
}
# The camera table's columns an import writes (replaces_id is set apart, by asset tag).
CAMERA_FIELDS = (
    "site_id",
    "precinct_id",
    "batch_id",
    *BOOLEAN_COLUMNS,
    "resolution_mp",
    "installed_on",
    "retired_on",
    "status",
    "data_source",
)
# What tells an update from an unchanged row (replaces: the asset tag it names).
COMPARED = (*CAMERA_FIELDS, "replaces")
compared = itemgetter(*COMPARED)  # a row's COMPARED values, as a tuple
LOOKUP_CHUNK = 2000  # values per IN (…): far below SQLite's limit on parameters
KEYS = "import_keys"  # the temporary table of matching() on PostgreSQL
TRUE = {"true", "yes", "y", "1", "是"}
FALSE = {"false", "no", "n", "0", "否"}


@dataclass
class ImportResult:
    """What an import found and did: counts, every problem, and whether it wrote anything."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_sites: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rejected(self) -> int:
        """Return how many rows have at least one problem."""
        return len({p.line for p in self.problems if p.line > 1})


def import_cameras(
    data: bytes,
    *,
    encoding: str = "auto",
    create_sites: bool = False,
    commit: bool = True,
    user=None,
    file_name: str = "",
) -> ImportResult:
    """Check the CSV file `data` and, if every row is good and `commit` is true, write it.

    `encoding` is "auto", "utf-8" or "cp950"; `create_sites` creates sites missing from the
    register (in the row's precinct) instead of refusing their rows. On PostgreSQL the camera
    table is locked against other writers while the file is checked and written.
    """
    result = ImportResult()
    with collector_paused():
        try:
            text, result.encoding = decode(data, encoding)
            _delimiter, header, records = read_rows(text)
            check = _Check(result, header, create_sites)
            if not commit:
                check.run(records)
                return result
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("LOCK TABLE cameras_camera IN SHARE ROW EXCLUSIVE MODE")
                plan = check.run(records)
                if result.ok:
                    change_set = ImportRecord.objects.create(
                        user=user,
                        file_name=file_name[:255],
                        sha256=hashlib.sha256(data).hexdigest(),
                        row_count=result.rows,
                        created_count=result.created,
                        updated_count=result.updated,
                    )
                    _write(plan, change_set)
                    result.written = True
        except Refused as refusal:  # broken quoting stops the reading where it is found
            result.problems += refusal.problems
            result.problems.sort(key=lambda p: (p.line, p.position))
        except IntegrityError as error:  # a rule the checks do not know of; nothing was written
            result.written = False
            message = _("Nothing was written: %(error)s") % {"error": error}
            result.problems.append(Problem(0, "", message))
    return result


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a file is read, checked and written.

    Reading 100,000 rows makes millions of objects, and each burst of allocations sets off a
    collection that walks every live object again: about a tenth of an import's time.
    Reference counting still frees the objects as usual; the few in cycles wait for the next
    collection. The pause is process-wide, so other threads run without it meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_header(header: list[str]) -> dict[str, int]:
    """Return {column: position}; refuse unknown, repeated and missing columns.

    A column without a name is allowed (Excel adds them) as long as its cells are empty.
    """
    columns: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            continue
        if name not in CAMERA_COLUMNS:
            message = _("unknown column; use the column names of the camera export.")
            problems.append(Problem(1, raw.strip(), message, index))
        elif name in columns:
            problems.append(Problem(1, name, _("the column appears twice."), index))
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(Problem(1, name, _("this required column is missing."), len(header)))
    if problems:
        raise Refused(*problems)
    return columns


# --- cells ----------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell's value is wrong; the message is for the user."""


def parse_bool(text: str) -> bool:
    value = text.lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise CellError(_("“%(text)s” is not yes or no; write true or false.") % {"text": text})


def parse_day(text: str):
    try:
        day = parse_date(text)
    except RocDateError as error:
        raise CellError(str(error)) from None
    if day.year <= ROC_OFFSET:
        raise CellError(_("“%(text)s” is before ROC year 1 (1912).") % {"text": text})
    return day


def parse_decimal(text: str, *, places: int, low: Decimal, high: Decimal) -> Decimal:
    """Return a plain decimal number (no exponent) with at most `places` decimal places."""
    try:
        number = Decimal(normalize("NFKC", text))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or "e" in text.lower():
        raise CellError(_("“%(text)s” is not a number.") % {"text": text})
    if -number.as_tuple().exponent > places:
        raise CellError(
            _("“%(text)s” has too many decimal places (at most %(places)s).")
            % {"text": text, "places": places}
        )
    if not low <= number <= high:
        raise CellError(
            _("“%(text)s” must lie between %(low)s and %(high)s.")
            % {"text": text, "low": low, "high": high}
        )
    return number


def choice(choices: type[models.TextChoices]):
    values = {value: value for value in choices.values}

    def parse_choice(text: str) -> str:
        try:
            return values[text.lower()]
        except KeyError:
            raise CellError(
                _("“%(text)s” is not one of %(choices)s.")
                % {"text": text, "choices": ", ".join(values)}
            ) from None

    return parse_choice


def parse_code(text: str) -> str:
    """A code (asset tag, site code): as long as the register's column allows."""
    if len(text) > 40:
        raise CellError(_("longer than %(n)s characters.") % {"n": 40})
    return text


def required(parse):
    def parse_required(text: str):
        if not text:
            raise CellError(_("this cell must not be empty."))
        return parse(text)

    return parse_required


def optional(parse):
    def parse_optional(text: str):
        return parse(text) if text else None

    return parse_optional


def as_is(text: str) -> str:
    return text


def shared(text: str) -> str:
    """Return one string object for every equal text: a file repeats its sites and batches."""
    return intern(text)


CELLS = {
    "asset_tag": required(parse_code),
    "site": required(lambda text: shared(parse_code(text))),
    "precinct": shared,
    "batch": required(shared),
    **{name: required(parse_bool) for name in BOOLEAN_COLUMNS},
    "installed_on": required(parse_day),
    "retired_on": optional(parse_day),
    "status": required(choice(CameraStatus)),
    "resolution_mp": optional(
        lambda text: parse_decimal(text, places=1, low=Decimal(0), high=Decimal("9999.9"))
    ),
    "replaces": optional(as_is),
    "installed_on_roc": optional(parse_day),
    "retired_on_roc": optional(parse_day),
    "data_source": optional(choice(DataSource)),
    # read only to create a missing site; an existing site keeps its own
    "site_name": shared,
    "latitude": as_is,
    "longitude": as_is,
    # for people; not read
    "batch_name": None,
    "precinct_name": None,
}


def read_cell(parse, text: str):
    """Return the cell's value, or the CellError that says what is wrong with it."""
    text = text.strip()
    if text[:1] == "'":
        text = unneutralise(text)
    try:
        return parse(text)
    except CellError as error:
        return error


# --- checking -------------------------------------------------------------------------------


@dataclass
class Plan:
    """The checked changes: rows to create or update (full values), and sites to create."""

    rows: list[dict] = field(default_factory=list)
    new_sites: dict[str, dict] = field(default_factory=dict)


def matching(queryset, field: str, values: list[str]):
    """Yield `queryset` narrowed to rows whose `field` is one of `values`.

    On PostgreSQL the values go into a temporary table by COPY and the query joins it: for the
    100,000 asset tags of a file that took 0.07 s where `= ANY(array)` took 0.57 s and `IN`
    lists of 2,000 parameters 1.2 s (docs/benchmarks.md). Elsewhere: IN, in chunks of LOOKUP_CHUNK
    (SQLite limits the parameters of a statement).
    """
    if connection.vendor != "postgresql":
        for start in range(0, len(values), LOOKUP_CHUNK):
            yield queryset.filter(**{f"{field}__in": values[start : start + LOOKUP_CHUNK]})
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary(KEYS)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {KEYS} (value varchar)")
        try:
            with pg_copy(cursor, f"COPY {KEYS} (value) FROM STDIN") as copy:
                for value in values:
                    copy.write_row((value,))
            cursor.execute(f"ANALYZE {KEYS}")
            keys = RawSQL(f"SELECT value FROM {KEYS}", [])  # noqa: S611
            yield queryset.filter(**{f"{field}__in": keys})  # to be read before the next one
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {temporary(KEYS)}")


def temporary(name: str) -> str:
    """Name a temporary table so that DROP can never reach a permanent table of that name."""
    return f"pg_temp.{name}" if connection.vendor == "postgresql" else f"temp.{name}"


class _Check:
    """Check one file's rows: each cell, each row's rules, then against the register."""

    def __init__(self, result: ImportResult, header: list[str], create_sites: bool):
        self.result, self.create_sites = result, create_sites
        self.columns = read_header(header)
        self.names = {index: name for name, index in self.columns.items()}
        self.width = max(self.columns.values()) + 1  # cells a row needs
        self.header_width = len(header)
        self.unnamed = [i for i in range(self.header_width) if i not in self.names]
        # (index, name, parse, cacheable): asset tags are unique, other columns repeat
        self.parsers = [
            (index, name, CELLS[name], name not in ("asset_tag", "replaces"))
            for name, index in self.columns.items()
            if CELLS[name] is not None
        ]
        self.plan = Plan()

    def problem(self, line: int, column: str, message: str):
        self.result.problems.append(Problem(line, column, message, self.columns.get(column, 0)))

    def run(self, records: Iterable[tuple[int, list[str]]]) -> Plan:
        in_file: dict[str, int] = {}  # every asset tag in the file, with its line
        rows = self.parse(records, in_file)
        for row in rows:
            self.check_row(row)
        self.check_batches(rows)
        self.check_sites(rows)
        existing = self.existing_cameras(in_file)
        self.check_replaces(rows, in_file)
        bad = {problem.line for problem in self.result.problems}
        for row in rows:
            if row["line"] not in bad:
                self.classify(row, existing.get(row["asset_tag"]))
        self.result.new_sites = sorted(self.plan.new_sites)
        self.result.problems.sort(key=lambda p: (p.line, p.position))
        return self.plan

    def parse(self, records: Iterable[tuple[int, list[str]]], in_file: dict[str, int]):
        """Return the values of every row whose cells are all good, by column name.

        The cells are read a column at a time: each distinct text once (a file repeats most of
        its cells: yes/no, days, batches, sites), the values put back in rows by C-level zips.
        """
        lines, full, bad = [], [], set()
        try:
            for line, cells in records:
                self.result.rows += 1
                self.check_tag(line, cells, in_file)
                if len(cells) < self.width:
                    name = self.names.get(len(cells), str(len(cells) + 1))
                    message = _("missing: the line has %(found)s cells, the header %(expected)s.")
                    found = {"found": len(cells), "expected": self.width}
                    self.problem(line, name, message % found)
                    continue
                stray = len(cells) != self.header_width or self.unnamed
                if stray and self.stray_cells(line, cells):
                    bad.add(line)
                lines.append(line)
                full.append(cells)
        except Refused:  # broken quoting ends the file: report the cells read before it too
            self.read_columns(lines, full, bad)
            raise
        rows = self.read_columns(lines, full, bad)
        return [row for row in rows if row["line"] not in bad] if bad else rows

    def read_columns(self, lines: list[int], full: list[list[str]], bad: set[int]) -> list[dict]:
        """Parse the rows' cells a column at a time; report every wrong one; return the rows."""
        names, columns = ["line"], [lines]
        for index, name, parse, cacheable in self.parsers:
            texts = [cells[index] for cells in full]
            if cacheable:
                seen = {text: read_cell(parse, text) for text in set(texts)}
                values = list(map(seen.__getitem__, texts))
                wrong = any(type(value) is CellError for value in seen.values())
            else:
                values = [read_cell(parse, text) for text in texts]
                wrong = any(type(value) is CellError for value in values)
            if wrong:
                for line, value in zip(lines, values, strict=True):
                    if type(value) is CellError:
                        self.problem(line, name, str(value))
                        bad.add(line)
            names.append(name)
            columns.append(values)
        return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]

    def check_tag(self, line: int, cells: list[str], in_file: dict[str, int]):
        """Note the row's asset tag; a tag seen on an earlier line is a problem."""
        index = self.columns["asset_tag"]
        tag = unneutralise(cells[index].strip()) if index < len(cells) else ""
        if tag in in_file:
            message = _("%(tag)s appears on line %(line)s too.")
            self.problem(line, "asset_tag", message % {"tag": tag, "line": in_file[tag]})
        elif tag:
            in_file[tag] = line

    def stray_cells(self, line: int, cells: list[str]) -> bool:
        """Report values in columns without a name or beyond the header; True if any."""
        found = False
        for index in [*self.unnamed, *range(self.header_width, len(cells))]:
            if index < len(cells) and cells[index].strip():
                message = (
                    _("a value in a column without a name.")
                    if index < self.header_width
                    else _("a value beyond the header's last column.")
                )
                self.result.problems.append(Problem(line, str(index + 1), message, index))
                found = True
        return found

    def check_row(self, row: dict):
        """Check the rules a row keeps on its own: the camera table's constraints among them."""
        line, installed, retired = row["line"], row["installed_on"], row["retired_on"]
        if retired and retired < installed:
            self.problem(
                line,
                "retired_on",
                _("%(retired)s is before the camera was installed (%(installed)s).")
                % {"retired": retired.isoformat(), "installed": installed.isoformat()},
            )
        if row["status"] == CameraStatus.RETIRED and not retired:
            self.problem(line, "retired_on", _("a retired camera needs a retirement date."))
        if retired and row["status"] != CameraStatus.RETIRED:
            self.problem(
                line, "status", _("a camera with a retirement date must have the status retired.")
            )
        for name, day in (("installed_on_roc", installed), ("retired_on_roc", retired)):
            roc = row.get(name)
            if roc is not None and roc != day:
                self.problem(
                    line,
                    name,
                    _("%(roc)s is not the day in %(column)s (%(day)s).")
                    % {
                        "roc": format_roc(roc),
                        "column": name.removesuffix("_roc"),
                        "day": day.isoformat() if day else "—",
                    },
                )
        if row.get("replaces") == row["asset_tag"]:
            self.problem(line, "replaces", _("a camera cannot replace itself."))

    def check_batches(self, rows: list[dict]):
        batches = dict(Batch.objects.values_list("code", "pk"))
        for row in rows:
            row["batch_id"] = batches.get(row["batch"])
            if row["batch_id"] is None:
                self.problem(
                    row["line"],
                    "batch",
                    _("no batch has the code %(code)s.") % {"code": row["batch"]},
                )

    def check_sites(self, rows: list[dict]):
        """Find each row's site; a missing one is a problem, or a new site to create."""
        sites = {}
        for found in matching(Site.objects.all(), "code", sorted({row["site"] for row in rows})):
            for code, *values in found.values_list("code", "pk", "precinct_id", "precinct__code"):
                sites[code] = values
        precincts = dict(Precinct.objects.values_list("code", "pk"))
        for row in rows:
            line, code, precinct = row["line"], row["site"], row.get("precinct", "")
            if code in sites:
                row["site_id"], row["precinct_id"], actual = sites[code]
                if precinct and precinct != actual:
                    self.problem(
                        line,
                        "precinct",
                        _(
                            "site %(site)s is in precinct %(actual)s, not %(precinct)s; an import "
                            "does not move sites."
                        )
                        % {"site": code, "actual": actual, "precinct": precinct},
                    )
            elif not self.create_sites:
                self.problem(
                    line,
                    "site",
                    _(
                        "no site has the code %(code)s; add the site first, or let the import "
                        "create missing sites."
                    )
                    % {"code": code},
                )
            elif code in self.plan.new_sites:
                new = self.plan.new_sites[code]
                row["site_id"], row["precinct_id"] = None, new["precinct_id"]
                if precinct and precinct != new["precinct"]:
                    self.problem(
                        line,
                        "precinct",
                        _("the new site %(site)s is in precinct %(precinct)s on line %(line)s.")
                        % {"site": code, "precinct": new["precinct"], "line": new["line"]},
                    )
            elif precinct not in precincts:
                message = (
                    _("no precinct has the code %(code)s.") % {"code": precinct}
                    if precinct
                    else _("a new site needs its precinct's code.")
                )
                self.problem(line, "precinct", message)
            else:
                self.new_site(row, precincts[precinct])

    def new_site(self, row: dict, precinct_id: int):
        line, name = row["line"], row.get("site_name") or row["site"]
        site = {
            "line": line,
            "code": row["site"],
            "name": name,
            "precinct": row["precinct"],
            "precinct_id": precinct_id,
        }
        good = True
        if len(name) > 200:
            self.problem(line, "site_name", _("longer than %(n)s characters.") % {"n": 200})
            good = False
        for column, limit in (("latitude", Decimal(90)), ("longitude", Decimal(180))):
            text = row.get(column, "")
            try:
                site[column] = (
                    parse_decimal(text, places=6, low=-limit, high=limit) if text else None
                )
            except CellError as error:
                self.problem(line, column, str(error))
                good = False
        if good:
            self.plan.new_sites[row["site"]] = site
            row["site_id"], row["precinct_id"] = None, precinct_id

    def existing_cameras(self, tags: dict[str, int]) -> dict[str, tuple]:
        """Return the register's cameras with these asset tags: their COMPARED values, by tag."""
        found = {}
        for cameras in matching(Camera.objects.all(), "asset_tag", sorted(tags)):
            for tag, *values in cameras.values_list(
                "asset_tag", *COMPARED[:-1], "replaces__asset_tag"
            ):
                found[tag] = tuple(values)
        return found

    def check_replaces(self, rows: list[dict], in_file: dict[str, int]):
        """Each `replaces` names a camera in the register or the file, replaced by no other,
        and retired (by the register, or by its row in this file): a replaced camera is."""
        wanted = sorted({row["replaces"] for row in rows if row.get("replaces")})
        if not wanted:
            return
        status = {}  # old tag -> its status once the file is written
        replaced_by = {}  # old tag -> (new tag, line in the file or None)
        for cameras in matching(Camera.objects.all(), "asset_tag", wanted):
            status.update(cameras.values_list("asset_tag", "status"))
        status.update((row["asset_tag"], row["status"]) for row in rows)
        known = {*status, *in_file}
        for cameras in matching(Camera.objects.all(), "replaces__asset_tag", wanted):
            for old, new in cameras.values_list("replaces__asset_tag", "asset_tag"):
                if new not in in_file:  # a camera in the file says anew what it replaces
                    replaced_by[old] = (new, None)
        for row in rows:
            old, line = row.get("replaces"), row["line"]
            if not old or old == row["asset_tag"]:
                continue
            if old not in known:
                self.problem(
                    line,
                    "replaces",
                    _("no camera has the asset tag %(tag)s, in the register or in this file.")
                    % {"tag": old},
                )
            elif old in replaced_by:
                other, other_line = replaced_by[old]
                if other_line:
                    message = _("camera %(old)s is replaced on line %(line)s already.") % {
                        "old": old,
                        "line": other_line,
                    }
                else:
                    message = _("camera %(old)s is replaced by %(other)s already.") % {
                        "old": old,
                        "other": other,
                    }
                self.problem(line, "replaces", message)
            else:
                replaced_by[old] = (row["asset_tag"], line)
                if status.get(old, CameraStatus.RETIRED) != CameraStatus.RETIRED:
                    self.problem(
                        line,
                        "replaces",
                        _(
                            "camera %(old)s is still in service, and a replaced camera is "
                            "retired: retire it in this file, or first."
                        )
                        % {"old": old},
                    )

    def classify(self, row: dict, before: tuple | None):
        """Count the row as created, updated or unchanged; plan it unless it is unchanged.

        The row gets the camera's every value: the file's, else the register's, else a new
        camera's default.
        """
        row["data_source"] = row.get("data_source") or DataSource.IMPORT
        for name, default in OPTIONAL_DEFAULTS.items():
            if name not in self.columns:
                row[name] = default if before is None else before[COMPARED.index(name)]
        after = compared(row)
        # replaces_id is written apart, and only where it changes: see _write()
        row["new_replaces"] = row["replaces"] != (before[-1] if before else None)
        if before is None:
            row["action"] = "create"
            self.result.created += 1
        elif after != before:
            row["action"] = "update"
            self.result.updated += 1
        else:
            self.result.unchanged += 1
            return
        self.plan.rows.append(row)


# --- writing --------------------------------------------------------------------------------

STAGING = "camera_import"
STAGING_COLUMNS = ("action", "asset_tag", *CAMERA_FIELDS, "replaces", "new_replaces")


def _write(plan: Plan, change_set: ImportRecord):
    """Write the checked plan: new sites, then the cameras.

    New cameras go straight into the camera table (COPY on PostgreSQL), in the file's order;
    updates, and the new cameras whose `replaces` must be resolved, go through a staging table
    for one UPDATE … FROM each. The cameras the import touches are recorded in the change
    history as one change set (their state before, where they had no history yet, and after),
    and their figures move in the coverage roll-up with them.
    """
    sites = bulk_create_with_history(
        [
            Site(
                code=s["code"],
                name=s["name"],
                precinct_id=s["precinct_id"],
                latitude=s["latitude"],
                longitude=s["longitude"],
            )
            for s in plan.new_sites.values()
        ],
        Site,
        default_user=change_set.user,
        default_change_reason=_reason(change_set),
    )
    site_ids = {site.code: site.pk for site in sites}
    for row in plan.rows:
        row["site_id"] = row["site_id"] or site_ids[row["site"]]
    if not plan.rows:
        return
    qn = connection.ops.quote_name
    cameras = qn(Camera._meta.db_table)
    created = [row for row in plan.rows if row["action"] == "create"]
    staged = [row for row in plan.rows if row["action"] == "update" or row["new_replaces"]]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary(STAGING)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({_staging_columns()})")
        _copy_rows(cursor, STAGING, STAGING_COLUMNS, staged)
        updated = Camera.objects.filter(
            asset_tag__in=RawSQL(  # noqa: S611
                f"SELECT asset_tag FROM {STAGING} WHERE action = 'update'", []
            )
        )
        _record_history(cursor, change_set, before=True)
        # version + 1: an edit form opened before the import cannot overwrite it unseen
        assignments = ", ".join(
            [f"{qn(name)} = s.{qn(name)}" for name in CAMERA_FIELDS]
            + [f"version = {cameras}.version + 1"]
        )
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {cameras}")
        (last_id,) = cursor.fetchone()
        with transaction.atomic():  # the roll-up moves with the cameras
            rollup.subtract(updated)  # created cameras are not in the register yet
            cursor.execute(
                f"UPDATE {cameras} SET {assignments} FROM {STAGING} AS s "
                f"WHERE {cameras}.asset_tag = s.asset_tag AND s.action = 'update'"
            )
            _copy_rows(cursor, cameras, ("asset_tag", *CAMERA_FIELDS), created)
            rollup.add_rows(STAGING, action="update")  # the updated cameras as written
            rollup.add(Camera.objects.filter(pk__gt=last_id))  # the new ones
        if any(row["new_replaces"] for row in plan.rows):
            # Clear, then set: replaces_id is unique, and a swap made in place would collide.
            cursor.execute(
                f"UPDATE {cameras} SET replaces_id = NULL WHERE replaces_id IS NOT NULL "
                f"AND asset_tag IN (SELECT asset_tag FROM {STAGING} WHERE new_replaces)"
            )
            cursor.execute(
                f"UPDATE {cameras} SET replaces_id = (SELECT r.id FROM {cameras} AS r "
                f"WHERE r.asset_tag = s.replaces) FROM {STAGING} AS s "
                f"WHERE {cameras}.asset_tag = s.asset_tag AND s.new_replaces "
                "AND s.replaces IS NOT NULL"
            )
        _record_history(cursor, change_set, before=False, created_after=last_id)
        cursor.execute(f"DROP TABLE {temporary(STAGING)}")


def _record_history(cursor, change_set: ImportRecord, *, before: bool, created_after: int = 0):
    """Add the change set's rows to the cameras' history, by INSERT … SELECT.

    before=True keeps the state of updated cameras that have no history yet (rows loaded in
    bulk), so that the change shows its "before"; before=False records every updated and
    created camera as the import left it, with the user and the change set. The created ones
    are the cameras with an id above `created_after`, the highest id before the import wrote:
    no one else can add cameras meanwhile (the table is locked), and a range of ids is much
    cheaper to read than a join of the staging table with the whole camera table.
    """
    qn = connection.ops.quote_name
    history = Camera.history.model
    cameras = qn(Camera._meta.db_table)
    columns = [f.attname for f in Camera._meta.concrete_fields]
    names = ", ".join(qn(c) for c in columns)
    values = ", ".join(f"c.{qn(c)}" for c in columns)
    updated = f"JOIN {STAGING} AS s ON s.asset_tag = c.asset_tag WHERE s.action = 'update'"
    if before:
        reason, user_id = str(BASELINE_REASON), None
        selections = [
            ("+", f"{updated} AND NOT EXISTS (SELECT 1 FROM "
                  f"{qn(history._meta.db_table)} AS h WHERE h.id = c.id)"),
        ]  # fmt: skip
    else:
        reason, user_id = _reason(change_set), change_set.user_id
        selections = [("~", updated), ("+", f"WHERE c.id > {int(created_after)}")]
    now, written = timezone.now(), {}
    for kind, selection in selections:
        cursor.execute(
            f"INSERT INTO {qn(history._meta.db_table)} ({names}, history_date, history_type, "
            "history_user_id, history_change_reason) "
            f"SELECT {values}, %s, %s, %s, %s FROM {cameras} AS c {selection}",
            [now, kind, user_id, reason[:100]],
        )
        written[kind] = cursor.rowcount
    if not before and written["+"] != change_set.created_count:
        # New ids below the old highest (an id sequence set back by hand): refuse, not lose.
        raise IntegrityError(
            _(
                "the new cameras' ids are not all above the highest id before the import; "
                "reset the camera id sequence"
            )
        )


def _reason(change_set: ImportRecord) -> str:
    """The change reason of every history row an import writes (the field holds 100)."""
    reason = _("import #%(id)s: %(file)s") % {"id": change_set.pk, "file": change_set.file_name}
    return str(reason)[:100]


def _staging_columns() -> str:
    def db_type(name: str) -> str:
        if name == "action":
            return "varchar(6)"
        if name == "new_replaces":
            return models.BooleanField().db_type(connection)
        model_field = "asset_tag" if name == "replaces" else name.removesuffix("_id")
        return Camera._meta.get_field(model_field).db_type(connection)

    return ", ".join(f"{connection.ops.quote_name(n)} {db_type(n)}" for n in STAGING_COLUMNS)


def _copy_rows(cursor, table: str, columns: tuple[str, ...], rows: list[dict]):
    """Write the rows' `columns` into `table`: COPY on PostgreSQL, batched INSERTs elsewhere."""
    if not rows:
        return
    records = map(itemgetter(*columns), rows)
    names = ", ".join(connection.ops.quote_name(n) for n in columns)
    if connection.vendor == "postgresql":
        with pg_copy(cursor, f"COPY {table} ({names}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(record)
        return
    # Elsewhere the values go through the model fields, as the ORM would store them.
    fields = [
        Camera._meta.get_field(name.removesuffix("_id")) if name in CAMERA_FIELDS else None
        for name in columns
    ]
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch = []
    for record in records:
        batch.append(
            [
                value
                if model_field is None or value is None
                else model_field.get_db_prep_save(value, connection)
                for model_field, value in zip(fields, record, strict=True)
            ]
        )
        if len(batch) == LOOKUP_CHUNK:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
