"""Checking an import: each cell, each row's rules, then the rows against the register.

Every problem is collected (line, column, message) before anything is written; a row with one
is not planned. The register is read in a few queries however long the file is.
"""

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import repeat

from django.utils import timezone
from django.utils.translation import gettext as _

from core import twd97
from core.cells import CellError
from core.codes import normalise_code
from core.csvfile import unneutralise
from core.csvread import Problem, Refused
from core.forms import after_today as effective_after_today
from core.roc import format_roc
from leases.models import Batch

from .. import states
from ..columns import BY_NAME
from ..models import (
    ALWAYS,
    FOREVER,
    Camera,
    CameraState,
    CameraStatus,
    DataSource,
    Precinct,
    Site,
    SitePrecinct,
    Station,
    after_today,
)
from . import checked
from .columns import COMPARED, OPTIONAL_DEFAULTS, UNIQUE, compared, parser, read_cell, read_header
from .matching import matching, same_but_case
from .replacements import check_replacements

COORDINATES = ("latitude", "longitude")
METRES = ("twd97_x", "twd97_y")  # TWD97 TM2, instead of the degrees
SITE_KEYS = {"site_name": "name", "site_address": "address"}  # a new site's, by column
NONE_FAILED = frozenset()
# The contract's columns a mapped list may lack: a new camera's values then.
ABSENT = {"is_lane": False, "has_lpr": False, "installed_on": None, "retired_on": None,
          "status": CameraStatus.IN_SERVICE}  # fmt: skip
CHUNK = 10_000  # rows whose cells are held at once while they are read: a row keeps its values
PROGRESS_EVERY = 2_000  # rows read between two notes of a background import's progress
AFTER = 1 << 16  # a new unit's place in the preview's counts: after every unit of the register
LISTED = 100  # cameras a preview page lists with their fields (the file's rows in order)


class Row:
    """One row of the file by column name (`row["site"]`, `row.get("replaces")`), as a dict.

    Slots, not a dict: a dict of a row's thirty values takes 830 bytes, these take 260, and a
    file of 50 MB holds 230,000 rows (docs/benchmarks.md). A column the file lacks is unset.
    """

    __slots__ = (*BY_NAME, "line", "failed", "batch_id", "site_id", "precinct_id", "station_id",
                 "install_day_unknown", "action", "new_replaces")  # fmt: skip
    __getitem__ = object.__getattribute__
    __setitem__ = object.__setattr__

    def get(self, name: str, default=None):
        return getattr(self, name, default)


class NewSite:
    """A site an import creates, kept until it is written: as a dict (`site["code"]`), in a
    third of one's memory (a site each four rows of a department's list)."""

    __slots__ = ("line", "code", "precinct", "precinct_id", "station", "station_id", "name",
                 "address", "latitude", "longitude")  # fmt: skip
    __getitem__ = object.__getattribute__
    __setitem__ = object.__setattr__

    def __init__(self, values: dict):
        for name, value in values.items():
            setattr(self, name, value)

    def get(self, name: str, default=None):
        return getattr(self, name, default)


def _fill(rows: list[Row], name: str, values: Iterable):
    """Set each row's `name` to its value, in a loop that runs in C (itertools' "consume")."""
    deque(map(setattr, rows, repeat(name), values), maxlen=0)


@dataclass
class ImportResult:
    """What an import found and did: counts, every problem, and whether it wrote anything."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_sites: list[str] = field(default_factory=list)
    # cameras to create by unit: (precinct id or a new one's code, station id, code or None)
    created_by_unit: Counter = field(default_factory=Counter)
    planned: object = None  # a mapped list's new units (imports/mapping.py), for their names
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""
    sheet: str = ""  # a workbook's sheet that was read
    written: bool = False
    change_set: str = ""  # import-5, once written: the camera list shows its cameras
    # One page of the cameras to create or update, from the `listed_from`th on, LISTED at
    # most: (line, asset tag, "create" | "update", [(column, before, after), ...]). Only a
    # page is kept, so a file of 100,000 rows is previewed in bounded memory.
    changes: list[tuple[int, str, str, list]] = field(default_factory=list)
    listed_from: int = 0

    @property
    def listed(self) -> int:
        """Return how many cameras the preview lists over all its pages."""
        return self.created + self.updated

    def by_unit(self) -> list[tuple[str, str, int]]:
        """Return the cameras to create by precinct and station, by name, in the register's
        order (a mapped list's new units after, in the file's order): the preview's counts."""
        precincts = {
            pk: ((position, code), name)
            for pk, position, code, name in Precinct.objects.values_list(
                "pk", "position", "code", "name"
            )
        }
        stations = {
            pk: ((position, code), name)
            for pk, position, code, name in Station.objects.values_list(
                "pk", "position", "code", "name"
            )
        }
        if self.planned is not None:  # new units after the register's, in the file's order
            planned = self.planned
            precincts.update(
                (code, ((AFTER + n, ""), name))
                for n, (code, name) in enumerate(planned.new_precincts.items())
            )
            stations.update(
                (code, ((AFTER + n, ""), name))
                for n, (code, (name, _p)) in enumerate(planned.new_stations.items())
            )
        found = sorted(
            (precincts.get(precinct, ((0, ""), "—")), stations.get(station, ((-1, ""), "")), n)
            for (precinct, station), n in self.created_by_unit.items()
        )
        return [(precinct, station, n) for (_o, precinct), (_s, station), n in found]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rejected(self) -> int:
        """Return how many rows have at least one problem."""
        return len({p.line for p in self.problems if p.line > 1})


@dataclass
class Plan:
    """The checked changes: how many rows to create or update (staged in checked.TABLE, with
    their full values), and the sites to create."""

    rows: int = 0
    created: int = 0
    new_replaces: bool = False  # a row changes what its camera replaces
    tags: int = 0  # the file's asset tags, kept in checked.TAGS
    new_sites: dict[str, "NewSite"] = field(default_factory=dict)
    units: object = None  # a mapped list's planned precincts and stations (imports/mapping.py)


class Check:
    """Check one file's rows: each cell, each row's rules, then against the register."""

    def __init__(
        self, result: ImportResult, header: list[str], create_sites: bool, *,
        effective_on=None, correction=False, later=False, in_service_on=None, planned=None,
        progress=None,
    ):  # fmt: skip
        self.progress = progress  # told the rows read every PROGRESS_EVERY (jobs.py)
        self.result, self.create_sites = result, create_sites
        # a mapped list (imports/mapping.py): its new units, and the register's columns it
        # may lack (a new camera takes their defaults, a known one keeps its values)
        self.planned = planned
        # the day a row without an install day is known in service at latest, unless it
        # names its own (in_service_since_at_latest)
        self.in_service_on = in_service_on
        # the day the rows' changes took effect, unless a row names its own; a correction
        # given none rewrites each camera's past from its install day (None)
        self.effective_on, self.correction = effective_on, correction
        self.later = later  # a generation after the first: its versions are not compared
        self.columns = read_header(header, mapped=planned is not None)
        self.absent = {name: value for name, value in ABSENT.items() if name not in self.columns}
        self.names = {index: name for name, index in self.columns.items()}
        self.width = max(self.columns.values()) + 1  # cells a row needs
        self.header_width = len(header)
        self.unnamed = [i for i in range(self.header_width) if i not in self.names]
        # (index, name, parse, cacheable): asset tags are unique, other columns repeat
        self.parsers = [
            (index, name, parser(name), name not in UNIQUE)
            for name, index in self.columns.items()
            if parser(name) is not None
        ]
        self.seen = {name: {} for _index, name, _parse, cacheable in self.parsers if cacheable}
        self.plan = Plan(units=planned)
        self.today = timezone.localdate()  # no camera is installed or retired in the future

    def problem(self, line: int, column: str, message: str):
        self.result.problems.append(Problem(line, column, message, self.columns.get(column, 0)))

    def run(self, records: Iterable[tuple[int, list[str]]]) -> Plan:
        """Check the rows a chunk at a time, staging the good ones and every row's tag
        (checked.py); then the rules between rows of any chunks (replacements)."""
        checked.create()
        for rows, first, tags in self.parse(records):
            self.check_chunk(rows, self.result.problems[first:], tags)
        check_replacements(self)
        self.result.new_sites = sorted(self.plan.new_sites)
        self.result.problems.sort(key=lambda p: (p.line, p.position))
        return self.plan

    def check_chunk(self, rows: list[Row], found: list[Problem], tags: list[tuple[int, str]]):
        """Check a chunk's rows, against the register too, and stage the good ones. `found`:
        the problems of its lines so far (their cells); `tags`: its lines' asset tags."""
        start = len(self.result.problems)
        firsts = self.check_tags(tags)
        in_file = {row["asset_tag"]: row["line"] for row in rows if row.get("asset_tag")}
        self.known_days = {}
        if "installed_on" in self.absent:
            for cameras in matching(Camera.objects.all(), "asset_tag", sorted(in_file)):
                for tag, *known in cameras.values_list(
                    "asset_tag", "installed_on", "install_day_unknown"
                ):
                    self.known_days[tag] = known
        for row in rows:
            self.check_row(row)
        self.check_batches(rows)
        self.check_sites(rows)
        existing = self.existing_cameras(in_file)
        self.as_on_their_days(rows, existing)
        self.check_case(rows, existing, Camera, "asset_tag", "asset_tag")
        self.check_versions(rows, existing)
        self.check_data_sources(rows, existing)
        by_line = {row["line"]: row for row in rows}
        facts = []  # what the rules between rows need to know of each
        for tag, line in firsts.items():
            row = by_line.get(line)
            if row is None:  # a line too short to read: its tag only
                facts.append((tag, line, False, None, None, None))
            else:
                facts.append((tag, line, True, row.get("status"), row.get("installed_on"),
                              row.get("replaces")))  # fmt: skip
        checked.add_tags(facts)
        self.plan.tags += len(facts)
        bad = {problem.line for problem in (*found, *self.result.problems[start:])}
        planned = []
        for row in rows:
            if row["line"] not in bad and self.classify(row, existing.get(row["asset_tag"])):
                planned.append(row)
        checked.add(planned)
        self.plan.rows += len(planned)

    def check_tags(self, tags: list[tuple[int, str]]) -> dict[str, int]:
        """A tag seen on an earlier line (compared without case) is a problem; return the
        chunk's others with their lines."""
        earlier = {}  # the first chunk has none to look up
        if self.plan.tags:
            earlier = checked.first_lines({tag.upper() for _line, tag in tags})
        firsts, seen = {}, {}
        for line, tag in tags:
            key = tag.upper()
            first = earlier.get(key) or seen.get(key)
            if first is not None:
                message = _("%(tag)s appears on line %(line)s too.")
                self.problem(line, "asset_tag", message % {"tag": tag, "line": first})
            else:
                seen[key] = firsts[tag] = line
        return firsts

    def parse(self, records: Iterable[tuple[int, list[str]]]):
        """Yield the values of the rows, CHUNK rows at a time, by column name, with where the
        problems of the chunk's lines begin; a cell that is wrong is None, and its column is
        in the row's "failed" set, so that every other check still runs on it.

        A chunk's texts are never all held at once beside its values, and a chunk is checked
        and staged before the next is read: the file's rows are never all held.
        """
        lines, full, tags, first = [], [], [], len(self.result.problems)
        try:
            for line, cells in records:
                self.result.rows += 1
                if self.progress is not None and self.result.rows % PROGRESS_EVERY == 0:
                    self.progress(self.result.rows, len(self.result.problems))
                if tag := self.tag_of(cells):
                    tags.append((line, tag))
                if len(cells) < self.width:
                    name = self.names.get(len(cells), str(len(cells) + 1))
                    message = _("missing: the line has %(found)s cells, the header %(expected)s.")
                    found = {"found": len(cells), "expected": self.width}
                    self.problem(line, name, message % found)
                    continue
                if len(cells) != self.header_width or self.unnamed:
                    self.stray_cells(line, cells)
                lines.append(line)
                full.append(cells)
                if len(full) == CHUNK:
                    yield self.read_columns(lines, full), first, tags
                    lines, full, tags, first = [], [], [], len(self.result.problems)
        except Refused:  # broken quoting ends the file: report the cells read before it too
            self.read_columns(lines, full)
            raise
        yield self.read_columns(lines, full), first, tags

    def read_columns(self, lines: list[int], full: list[list[str]]) -> list[Row]:
        """Parse the rows' cells a column at a time; report every wrong one; return the rows.

        Each distinct text of a column is parsed once in the whole file (a file repeats most
        of its cells: yes/no, days, batches, sites), and its rows share the value.
        """
        rows = [Row() for _line in lines]
        _fill(rows, "line", lines)
        failed = {}
        for index, name, parse, cacheable in self.parsers:
            texts = [cells[index] for cells in full]
            if cacheable:
                seen, distinct = self.seen[name], set(texts)
                for text in distinct.difference(seen):
                    seen[text] = read_cell(parse, text)
                values = list(map(seen.__getitem__, texts))
                wrong = any(type(seen[text]) is CellError for text in distinct)
            else:
                values = [read_cell(parse, text) for text in texts]
                wrong = any(type(value) is CellError for value in values)
            if wrong:
                for position, (line, value) in enumerate(zip(lines, values, strict=True)):
                    if type(value) is CellError:
                        self.problem(line, name, str(value))
                        failed.setdefault(line, set()).add(name)
                        values[position] = None
            _fill(rows, name, values)
        _fill(rows, "failed", [failed.get(line, NONE_FAILED) for line in lines])
        for name, value in self.absent.items():
            _fill(rows, name, repeat(value, len(rows)))
        return rows

    def tag_of(self, cells: list[str]) -> str:
        """Return a row's asset tag as the register writes it ("" for none), from its cell."""
        index = self.columns["asset_tag"]
        return normalise_code(unneutralise(cells[index].strip())) if index < len(cells) else ""

    def stray_cells(self, line: int, cells: list[str]):
        """Report values in columns without a name or beyond the header."""
        for index in [*self.unnamed, *range(self.header_width, len(cells))]:
            if index < len(cells) and cells[index].strip():
                message = (
                    _("a value in a column without a name.")
                    if index < self.header_width
                    else _("a value beyond the header's last column.")
                )
                self.result.problems.append(Problem(line, str(index + 1), message, index))

    def check_row(self, row: Row):
        """Check the rules a row keeps on its own: the camera table's constraints among them.

        A rule whose cells could not be read is left for the cells' own problems."""
        line, retired = row["line"], row["retired_on"]
        if row["failed"] & {"installed_on", "retired_on", "status", "in_service_since_at_latest"}:
            return
        installed = self.install_day(row)
        if installed is None:
            return
        if "status" in self.absent:  # a mapped list without statuses: its retire days say
            row["status"] = CameraStatus.RETIRED if retired else CameraStatus.IN_SERVICE
        if retired and retired < installed:
            self.problem(
                line,
                "retired_on",
                _("%(retired)s is before the camera was installed (%(installed)s).")
                % {"retired": retired.isoformat(), "installed": installed.isoformat()},
            )
        for name, day in (("installed_on", installed), ("retired_on", retired)):
            if day and day > self.today:
                self.problem(line, name, after_today(day, self.today))
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
        if row.get("replaces") and row["replaces"] == row["asset_tag"]:
            self.problem(line, "replaces", _("a camera cannot replace itself."))
        day = row["effective_on"] = self.day(row)
        if day and day > self.today:
            self.problem(line, "effective_on", effective_after_today(day, self.today))

    def install_day(self, row: Row):
        """Set the row's install day: its own, else the day it was in service at latest (its
        own or the import's), the install day then unknown. None after saying neither is."""
        installed, since = row["installed_on"], row.get("in_service_since_at_latest")
        row["install_day_unknown"] = installed is None
        if installed is not None and since is not None:
            self.problem(row["line"], "in_service_since_at_latest", _(
                "give the install day, or when it is unknown the day the camera was in service "
                "at latest: not both."
            ))  # fmt: skip
            return None
        if installed is None and since is None and row["asset_tag"] in self.known_days:
            # a mapped list without install days: a known camera keeps its own
            installed, row["install_day_unknown"] = self.known_days[row["asset_tag"]]
            row["installed_on"] = installed
        if installed is None:
            installed = row["installed_on"] = since or self.in_service_on
        if installed is None:
            self.problem(row["line"], "installed_on", _(
                "the install day is missing: give it, or when it is unknown the day the camera "
                "was in service at latest (in_service_since_at_latest, or --in-service-on)."
            ))  # fmt: skip
        return installed

    def day(self, row: Row):
        """Return the day the row's changes took effect: its own, the import's, else today
        (None: a correction from the camera's install day)."""
        day = row.get("effective_on") or self.effective_on
        return day if day or self.correction else self.today

    @cached_property
    def batches(self) -> dict[str, int]:
        return dict(Batch.objects.values_list("code", "pk"))

    @cached_property
    def transferred(self) -> dict[int, list]:
        """The sites that were transferred: a row names the precinct and station of its day."""
        periods = {}
        for site_id, start, end, *unit in SitePrecinct.objects.exclude(
            valid_from=ALWAYS, valid_to=FOREVER
        ).values_list(
            "site_id", "valid_from", "valid_to", "precinct_id", "precinct__code", "station_id",
            "station__code",
        ):  # fmt: skip
            periods.setdefault(site_id, []).append((start, end, Unit(*unit)))
        return periods

    def check_batches(self, rows: list[Row]):
        batches = self.batches
        for row in rows:
            row["batch_id"] = batches.get(row["batch"])
            if row["batch_id"] is None and "batch" not in row["failed"]:
                self.problem(
                    row["line"],
                    "batch",
                    _("no batch has the code %(code)s.") % {"code": row["batch"]},
                )

    def check_sites(self, rows: list[Row]):
        """Find each row's site; a missing one is a problem, or a new site to create."""
        rows = [row for row in rows if "site" not in row["failed"]]
        sites = {}
        for found in matching(Site.objects.all(), "code", sorted({row["site"] for row in rows})):
            for code, pk, *unit in found.values_list(
                "code", "pk", "precinct_id", "precinct__code", "station_id", "station__code"
            ):
                sites[code] = (pk, Unit(*unit))
        transferred = self.transferred
        before = len(self.result.problems)
        self.check_case(rows, sites, Site, "code", "site")
        clashes = {problem.line for problem in self.result.problems[before:]}
        rows = [row for row in rows if row["line"] not in clashes]
        units = Units(self.planned)  # a mapped list's new units so far too
        for row in rows:
            line, code = row["line"], row["site"]
            if code in sites:
                row["site_id"], unit = sites[code]
                day = row.get("effective_on")
                for start, end, then in transferred.get(row["site_id"], ()):
                    if day and start <= day < end:  # the unit of the row's day
                        unit = then
                row["precinct_id"], row["station_id"] = unit.precinct_id, unit.station_id
                self.check_unit(row, code, unit)
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
                row["station_id"] = new["station_id"]
                precinct, station = row.get("precinct", ""), row.get("station", "")
                where = {"site": code, "line": new["line"]}
                if precinct and precinct != new["precinct"]:
                    self.problem(line, "precinct", _(
                        "the new site %(site)s is in precinct %(precinct)s on line %(line)s."
                    ) % {**where, "precinct": new["precinct"]})  # fmt: skip
                elif station and station != new["station"]:
                    self.problem(line, "station", _(
                        "the new site %(site)s is in station %(station)s on line %(line)s."
                    ) % {**where, "station": new["station"] or "—"})  # fmt: skip
            elif (unit := units.of(self, row)) is not None:
                self.new_site(row, unit)

    def check_unit(self, row: Row, code: str, unit: "Unit"):
        """A row's precinct and station, when given, are its site's: an import moves no site."""
        precinct, station = row.get("precinct", ""), row.get("station", "")
        if precinct and precinct != unit.precinct:
            self.problem(row["line"], "precinct", _(
                "site %(site)s is in precinct %(actual)s, not %(precinct)s; an import does not "
                "move sites."
            ) % {"site": code, "actual": unit.precinct, "precinct": precinct})  # fmt: skip
        if station and station != unit.station:
            self.problem(row["line"], "station", _(
                "site %(site)s is in station %(actual)s, not %(station)s; an import does not "
                "move sites."
            ) % {"site": code, "actual": unit.station or "—", "station": station})  # fmt: skip

    def new_site(self, row: Row, unit: "Unit"):
        line, name = row["line"], row.get("site_name") or row["site"]
        site = {
            "line": line,
            "code": row["site"],
            "precinct": unit.precinct,
            "precinct_id": unit.precinct_id,
            "station": unit.station or "",
            "station_id": unit.station_id,
        }
        failed = set()
        places = (*COORDINATES, *METRES, "site_address")
        for column, text in (("site_name", name), *((c, row.get(c, "")) for c in places)):
            try:
                value = BY_NAME[column].cell.parse(text) if text else None
            except CellError as error:
                self.problem(line, column, str(error))
                failed.add(column)
            else:
                site[SITE_KEYS.get(column, column)] = value
        metres = [site.pop(column, None) for column in METRES]
        in_metres = failed.isdisjoint(METRES) and metres != [None, None]
        if in_metres and not self.placed_in_metres(line, site, *metres):  # beside any other
            failed.add("twd97_x")
        if not failed:
            self.plan.new_sites[row["site"]] = NewSite(site)
            row["site_id"], row["precinct_id"] = None, unit.precinct_id
            row["station_id"] = unit.station_id

    def placed_in_metres(self, line: int, site: dict, x, y) -> bool:
        """Place a new site given in TWD97 TM2 metres: both of them, and not beside degrees."""
        if x is None or y is None:
            missing = "twd97_x" if x is None else "twd97_y"
            self.problem(line, missing, _("a point in TWD97 needs both twd97_x and twd97_y."))
            return False
        if site.get("latitude") is not None or site.get("longitude") is not None:
            self.problem(line, "twd97_x", _(
                "give the site's place once: in latitude and longitude, or in twd97_x and twd97_y."
            ))  # fmt: skip
            return False
        try:
            site["latitude"], site["longitude"] = twd97.to_wgs84(x, y)
        except twd97.OutsideTaiwan as error:
            self.problem(line, "twd97_x", str(error))
            return False
        return True

    def existing_cameras(self, tags: dict[str, int]) -> dict[str, "Existing"]:
        """Return the register's cameras with these asset tags, by tag."""
        found = {}
        for cameras in matching(Camera.objects.all(), "asset_tag", sorted(tags)):
            for tag, pk, version, site, batch, *values in cameras.values_list(
                "asset_tag", "pk", "version", "site__code", "batch__code", *COMPARED[:-1],
                "replaces__asset_tag",
            ):  # fmt: skip
                found[tag] = Existing(pk, version, site, batch, tuple(values))
        return found

    def as_on_their_days(self, rows: list[Row], existing: dict):
        """Compare each row with what its camera was on the row's day, not now: a file taken
        for a past day (?as_of=) and imported with that day changes nothing. One query: the
        cameras' periods that ended (the latest holds now, as the camera row does)."""
        dated = {row["asset_tag"]: row["effective_on"] for row in rows
                 if row.get("effective_on") and row["effective_on"] < self.today
                 and row["asset_tag"] in existing}  # fmt: skip
        for row in rows:  # a change of a camera takes effect once it hangs there
            day, installed = row.get("effective_on"), row.get("installed_on")
            if (
                row.get("asset_tag") in existing
                and day
                and installed
                and day < installed <= self.today
            ):
                self.problem(row["line"], "effective_on", _(
                    "%(day)s is before the camera was installed (%(start)s)."
                ) % {"day": format_roc(day), "start": format_roc(installed)})  # fmt: skip
        if not dated:
            return
        days = dated.values()  # only periods around the rows' days: the day's, for one day
        ended = (
            CameraState.objects.filter(valid_from__lte=max(days), valid_to__gt=min(days))
            .exclude(valid_to=FOREVER)
            .order_by()
        )
        names = [name for name in COMPARED if name in states.STATE_COLUMNS]
        for periods in matching(ended, "camera__asset_tag", sorted(dated)):
            for tag, start, end, site, batch, *values in periods.values_list(
                "camera__asset_tag", "valid_from", "valid_to", "site__code", "batch__code",
                *names,
            ):  # fmt: skip
                if start <= dated[tag] < end:
                    before = existing[tag]
                    held = list(before.values)
                    for name, value in zip(names, values, strict=True):
                        held[COMPARED.index(name)] = value
                    existing[tag] = replace(before, site=site, batch=batch, values=tuple(held))

    def check_case(self, rows: list[Row], found: dict, model, field: str, column: str):
        """A code the register does not hold as written, but holds in another case, is refused:
        it would be a second row of one code (the database refuses it too)."""
        missing = {row[column].upper(): row for row in rows if row.get(column)
                   and row[column] not in found}  # fmt: skip
        if not missing:
            return
        for upper, code in same_but_case(model, field, sorted(missing)):
            row = missing[upper]
            self.problem(
                row["line"], column,
                _("%(code)s differs only in case from %(known)s in the register; write it "
                  "as the register does.") % {"code": row[column], "known": code},
            )  # fmt: skip

    def check_data_sources(self, rows: list[Row], existing: dict):
        """Only the demo data is synthetic: an import never makes a camera of the register
        synthetic. A new row keeps the value its file gives (a register restored from its own
        export stays as it was), else it is `import`."""
        position = COMPARED.index("data_source")
        for row in rows:
            if row.get("data_source") != DataSource.SYNTHETIC:
                continue
            before = existing.get(row["asset_tag"])
            if before is not None and before.values[position] != DataSource.SYNTHETIC:
                self.problem(
                    row["line"], "data_source",
                    _("only the demo data is synthetic: write manual or import, or leave the "
                      "cell empty."),
                )  # fmt: skip

    def check_versions(self, rows: list[Row], existing: dict):
        """A row taken from an export before someone changed the camera is refused: importing
        it would undo their change. Rows without a version (a file without the column) pass."""
        stale, newer = [], []
        for row in rows if not self.later else ():
            version, before = row.get("version"), existing.get(row["asset_tag"])
            if version is None or before is None or version == before.version:
                continue
            (stale if version < before.version else newer).append((row, before))
        last = last_changes([before.pk for _row, before in stale])
        for row, before in stale:
            who, when = last.get(before.pk, ("", None))
            self.problem(
                row["line"], "version",
                _(
                    "%(tag)s was changed after this file was taken, by %(user)s on %(day)s "
                    "(version %(now)s; the file has %(file)s): download it again and redo the "
                    "edit there, so that the change is not undone."
                ) % {"tag": row["asset_tag"], "user": who or _("an import or the system"),
                     "day": roc_moment(when), "now": before.version, "file": row["version"]},
            )  # fmt: skip
        for row, before in newer:
            self.problem(
                row["line"], "version",
                _("version %(file)s is newer than the register's (%(now)s): this row is not "
                  "from this register.") % {"file": row["version"], "now": before.version},
            )  # fmt: skip

    def classify(self, row: Row, existing: "Existing | None"):
        """Count the row as created, updated or unchanged; plan it (True) unless unchanged.

        The row gets the camera's every value: the file's, else the register's, else a new
        camera's default. An update lists each field before and after, for the preview.
        """
        before = existing.values if existing else None
        row["data_source"] = row.get("data_source") or DataSource.IMPORT
        for name, default in OPTIONAL_DEFAULTS.items():
            if name not in self.columns:
                row[name] = default if before is None else before[COMPARED.index(name)]
        if before is not None:  # a mapped list's missing columns: the camera keeps its values
            kept = self.absent.keys() - {"installed_on"}
            if "retired_on" in self.columns:  # the status follows the file's retire day
                kept -= {"status"}
            for name in kept:
                row[name] = before[COMPARED.index(name)]
        after = compared(row)
        # replaces_id is written apart, and only where it changes: see writing.write()
        row["new_replaces"] = row["replaces"] != (before[-1] if before else None)
        index = self.result.listed  # this row's place among those the preview lists
        if before is None:
            row["action"] = "create"
            row["version"] = row.get("version") or 1
            self.result.created += 1
            unit = (row["precinct_id"] or row.get("precinct"),
                    row["station_id"] or row.get("station") or None)  # fmt: skip
            self.result.created_by_unit[unit] += 1
        elif after != before:
            row["action"] = "update"
            self.result.updated += 1
        else:
            self.result.unchanged += 1
            return False
        if self.result.listed_from <= index < self.result.listed_from + LISTED:
            fields = changed(existing, row)
            self.result.changes.append((row["line"], row["asset_tag"], row["action"], fields))
        self.plan.created += row["action"] == "create"
        self.plan.new_replaces |= row["new_replaces"]
        return True


@dataclass(frozen=True, slots=True)
class Existing:
    """A camera of the register that a row names: what the import compares and shows."""

    pk: int
    version: int
    site: str  # codes, to show a move as people read it
    batch: str
    values: tuple  # COMPARED


@dataclass(frozen=True)
class Unit:
    """A site's precinct and station (codes, to compare with a file's cells)."""

    precinct_id: int
    precinct: str
    station_id: int | None = None
    station: str | None = None


class Units:
    """The register's precincts and stations by code: a new site's row names its own."""

    def __init__(self, planned=None):
        self.precincts = dict(Precinct.objects.values_list("code", "pk"))
        self.stations = {
            code: (pk, precinct)
            for code, pk, precinct in Station.objects.values_list("code", "pk", "precinct__code")
        }
        if planned is not None:  # a mapped list's new units (imports/mapping.py): no ids yet
            for code in planned.new_precincts:  # one an earlier generation wrote keeps its id
                self.precincts.setdefault(code, None)
            for code, (_name, precinct) in planned.new_stations.items():
                self.stations.setdefault(code, (None, precinct))

    def of(self, checks, row: Row) -> "Unit | None":
        """Return the unit a new site's row names, or None after saying what is wrong."""
        line, precinct, station = row["line"], row.get("precinct", ""), row.get("station", "")
        if precinct not in self.precincts:  # a mapped list's problem, told there
            checks.problem(line, "precinct", _("no precinct has the code %(code)s.")
                           % {"code": precinct} if precinct
                           else _("a new site needs its precinct's code."))  # fmt: skip
            return None
        if not station:
            return Unit(self.precincts[precinct], precinct)
        if station not in self.stations:
            checks.problem(line, "station", _("no station has the code %(code)s.")
                           % {"code": station})  # fmt: skip
            return None
        station_id, its = self.stations[station]
        if its != precinct:
            checks.problem(line, "station", _(
                "station %(station)s is in precinct %(its)s, not %(precinct)s."
            ) % {"station": station, "its": its, "precinct": precinct})  # fmt: skip
            return None
        return Unit(self.precincts[precinct], precinct, station_id, station)


def changed(existing: "Existing | None", row: Row) -> list[tuple[str, str, str]]:
    """Return (column, before, after) for each field the row changes, as the file writes it;
    for a new camera (no `existing`), each field it is given."""
    changes = []
    befores = existing.values if existing else (None,) * len(COMPARED)
    for name, before, after in zip(COMPARED, befores, compared(row), strict=True):
        # the unit is the site's; an unknown install day shows as its empty installed_on
        if before == after or name in ("precinct_id", "station_id", "install_day_unknown"):
            continue
        if existing is None and after == "":  # a new camera's unknown direction
            continue
        column = name.removesuffix("_id")
        if column in ("site", "batch"):
            before, after = getattr(existing, column, None), row[column]
        write = BY_NAME[column].cell.write
        changes.append((column, write(before) if existing else "", write(after)))
    if existing is None and row["install_day_unknown"]:  # its day is not an install day
        day = [(c, "", a) for c, _b, a in changes if c == "installed_on"]
        changes = [c for c in changes if c[0] != "installed_on"]
        changes += [("in_service_since_at_latest", "", a) for _c, _b, a in day]
    return changes


def last_changes(pks: list[int]) -> dict[int, tuple[str, object]]:
    """Return who changed each camera last, and when, from its history: one query."""
    if not pks:
        return {}
    last = {}
    records = Camera.history.filter(id__in=pks).order_by("id", "-history_date", "-history_id")
    for pk, user, when in records.values_list("id", "history_user__username", "history_date"):
        last.setdefault(pk, (user or "", when))
    return last


def roc_moment(when) -> str:
    """Show a moment in Taipei time as 115/12/01 14:05."""
    if when is None:
        return "—"
    local = timezone.localtime(when)
    return f"{format_roc(local.date())} {local:%H:%M}"
