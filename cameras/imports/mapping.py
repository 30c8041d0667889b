"""A department's own list, read through a column mapping: its headers → the register's fields.

`--columns "編號=asset_tag,所屬單位=unit,安裝地址=site_address,攝影方向=direction"` names, for the
columns of the file it reads, the field each holds; the file's other columns are not read.
Besides the register's own columns (cameras/columns.py) a column may hold:

- `unit`: a precinct and its police station in one cell (`大安分局 和平東路派出所`), or a
  precinct alone (`大安分局`); `precinct` and `station` may also be columns of their own. Either
  is written by name or by code;
- `site_address`: the site's address, for a list without site codes: one site per station (or
  precinct) and address, whose code is made from them, so a second import of the same file
  finds the same sites.

The mapped rows are the register's own format (their precincts and stations by code), so every
check of the import runs on them unchanged; its problems are then told at the file's own
columns. With `create_units`, a precinct or station the register does not have is planned,
with a code made from its name, and created with the rows.
"""

import hashlib
import re
from dataclasses import replace

from django.utils.translation import gettext as _

from core.csvread import Problem, Refused

from ..columns import BY_NAME, NOT_READ
from ..models import Precinct, Station

UNIT, SITE_ADDRESS = "unit", "site_address"
FIELDS = (*(name for name, column in BY_NAME.items() if column.reads != NOT_READ), UNIT)
UNIT_SPLIT = re.compile(r"^(.+?分局)\s*(.*)$")  # 大安分局和平東路派出所, with or without a space
# The register's columns a mapped row always has, made from the file's others or from options.
MADE = ("precinct", "station", "site", "site_name", "batch")
NAME_LENGTH = 100  # a precinct's or station's name, at most (the model's)


# Headers departments write, and the field each names (the upload page pre-fills its selects).
KNOWN = {
    "編號": "asset_tag", "攝影機編號": "asset_tag", "名稱": "asset_tag", "財產編號": "asset_tag",
    "所屬單位": "unit", "單位": "unit", "分局": "precinct", "派出所": "station",
    "安裝地址": "site_address", "設置地點": "site_address", "地址": "site_address",
    "攝影方向": "direction", "方向": "direction", "x": "twd97_x", "y": "twd97_y",
    "twd97x": "twd97_x", "twd97y": "twd97_y", "緯度": "latitude", "經度": "longitude",
    "裝設日期": "installed_on", "設置日期": "installed_on", "車道": "is_lane",
    "車牌辨識": "has_lpr", "監控點": "site", "監控點代碼": "site", "採購案": "batch",
}  # fmt: skip


def recognised(header: list[str]) -> dict[str, str]:
    """Guess the field of each header: the register's own names, and the ones departments
    write (KNOWN); a field once only, at its first header."""
    found, taken = {}, set()
    for cell in header:
        name = cell.strip()
        key = name.lower().replace(" ", "").replace("_", "")
        field = name.lower() if name.lower() in FIELDS else KNOWN.get(key, KNOWN.get(name))
        if field and field not in taken and name:
            found[name] = field
            taken.add(field)
    return found


def own_format(header: list[str]) -> bool:
    """Whether a file's header is the register's own (every named column one of its own)."""
    return all(cell.strip().lower() in BY_NAME for cell in header if cell.strip())


def parse_columns(text: str) -> dict[str, str]:
    """Read `--columns` ("編號=asset_tag,所屬單位=unit") as {the file's header: field}."""
    columns = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        header, sep, field = part.rpartition("=")
        header, field = header.strip(), field.strip().lower()
        if not sep or not header:
            raise ValueError(_("“%(part)s” is not HEADER=field.") % {"part": part})
        if field not in FIELDS:
            raise ValueError(
                _("%(field)s is not a field of the register; the fields: %(fields)s.")
                % {"field": field, "fields": ", ".join(FIELDS)}
            )
        columns[header] = field
    if not columns:
        raise ValueError(_("--columns names no column."))
    return columns


def _code(prefix: str, *names: str) -> str:
    """A code made from names: the same names always give the same code."""
    digest = hashlib.sha1("|".join(names).encode(), usedforsecurity=False).hexdigest()
    return f"{prefix}{digest[:10].upper()}"


def split_unit(text: str) -> tuple[str, str]:
    """Return (precinct, station) of a unit cell; the station "" for a precinct alone."""
    text = " ".join(text.split())
    found = UNIT_SPLIT.match(text)
    if found:
        return found.group(1), found.group(2).strip()
    first, _sep, rest = text.partition(" ")
    return first, rest.strip()


class Mapped:
    """A list's header and rows, as the register's own format reads them."""

    def __init__(self, header: list[str], columns: dict[str, str], *, batch=None,
                 create_units: bool = False):  # fmt: skip
        self.create_units, self.problems = create_units, []
        positions = {cell.strip(): index for index, cell in enumerate(header) if cell.strip()}
        problems, self.read = [], {}  # field -> the file's position
        for name, field in columns.items():
            if name not in positions:
                message = _("the file has no column %(name)s.") % {"name": name}
                problems.append(Problem(1, name, message, len(header)))
            elif field in self.read:
                message = _("%(field)s is given twice.") % {"field": field}
                problems.append(Problem(1, name, message, positions[name]))
            else:
                self.read[field] = positions[name]
        self.names = {field: header[i].strip() for field, i in self.read.items()}
        wanted = [
            ("asset_tag", ("asset_tag",)),
            ("site", ("site", SITE_ADDRESS)),
            ("batch", ("batch",) if batch is None else ()),
        ]
        for field, any_of in wanted:
            if any_of and not set(any_of) & set(self.read):
                message = _("the mapping gives no column for %(field)s.") % {"field": field}
                problems.append(Problem(1, field, message, len(header)))
        if problems:
            raise Refused(*problems)
        self.batch = batch
        self.precincts = {}  # name or code -> code
        for code, name in Precinct.objects.values_list("code", "name"):
            self.precincts[code] = self.precincts[name] = code
        self.stations = {}  # (precinct code, name or code) -> code
        self.station_precincts = {}  # station code -> its precinct's code
        for code, name, precinct in Station.objects.values_list("code", "name", "precinct__code"):
            self.stations[precinct, code] = self.stations[precinct, name] = code
            self.station_precincts[code] = precinct
        self.new_precincts: dict[str, str] = {}  # code -> name, for create_units
        self.new_stations: dict[str, tuple[str, str]] = {}  # code -> (name, precinct code)
        self.failed_units: set[int] = set()  # lines whose unit could not be placed
        own = [f for f in self.read if f not in (UNIT, SITE_ADDRESS, "precinct", "station")]
        self.header = [*own, "precinct", "station", *(m for m in MADE[2:] if m not in own)]
        if SITE_ADDRESS in self.read:
            self.header.append(SITE_ADDRESS)
        self.own = [self.read[f] for f in own]

    def rows(self, records):
        """Yield the file's rows as the register's: (line, cells in `header`'s order)."""
        own, read = self.own, self.read
        unit_at, address_at = read.get(UNIT), read.get(SITE_ADDRESS)
        precinct_at, station_at = read.get("precinct"), read.get("station")
        own_fields, width = self.header[: len(own)], max(read.values()) + 1
        for line, cells in records:
            if len(cells) < width:  # Excel leaves a row's empty cells at its end out
                cells = [*cells, *[""] * (width - len(cells))]
            values = [cells[i] for i in own]
            precinct, station = "", ""
            if unit_at is not None:
                precinct, station = split_unit(cells[unit_at])
            if precinct_at is not None:
                precinct = cells[precinct_at].strip() or precinct
            if station_at is not None:
                station = cells[station_at].strip() or station
            precinct_code, station_code = self.place(line, precinct, station)
            made = {"precinct": precinct_code, "station": station_code}
            if address_at is not None:
                address = " ".join(cells[address_at].split())
                # from the unit's codes: a list naming it by name, another by code, agree
                site = _code("A", precinct_code, station_code, address)
                made["site"] = site if address and precinct_code else ""
                made["site_name"] = address
                made[SITE_ADDRESS] = address
            if "batch" not in own_fields:
                made["batch"] = self.batch or ""
            yield line, [*values, *(made.get(name, "") for name in self.header[len(own) :])]

    def place(self, line: int, precinct: str, station: str) -> tuple[str, str]:
        """Return the codes of a row's precinct and station, by name or code; a missing one
        is planned (create_units) or a problem at the unit's column."""
        if not precinct and station:  # a station by its code (unique): its precinct's
            precinct = self.station_precincts.get(station, "")
            if not precinct:
                self.unit_problem(line, "station", _(
                    "no station has the code %(code)s; give its precinct too, or its code."
                ) % {"code": station})  # fmt: skip
                return "", ""
        if not precinct:
            return "", ""
        for name in (precinct, station):
            if len(name) > NAME_LENGTH:
                self.unit_problem(line, "precinct", _(
                    "“%(name)s” is longer than %(n)s characters: not a precinct or station name."
                ) % {"name": name[:20] + "…", "n": NAME_LENGTH})  # fmt: skip
                return "", ""
        code = self.precincts.get(precinct)
        if code is None and self.create_units:
            code = self.precincts[precinct] = _code("P", precinct)
            self.new_precincts[code] = precinct
        if code is None:
            self.unit_problem(line, "precinct", _(
                "no precinct is called %(name)s; add it first, or let the import create missing "
                "units (--create-units)."
            ) % {"name": precinct})  # fmt: skip
            return "", ""
        if not station:
            return code, ""
        station_code = self.stations.get((code, station))
        if station_code is None and self.create_units:
            station_code = self.stations[code, station] = _code("S", code, station)
            self.new_stations[station_code] = (station, code)
        if station_code is None:
            self.unit_problem(line, "station", _(
                "%(precinct)s has no station called %(name)s; add it first, or let the import "
                "create missing units (--create-units)."
            ) % {"precinct": precinct, "name": station})  # fmt: skip
            return code, ""
        return code, station_code

    def unit_problem(self, line: int, field: str, message: str):
        column = UNIT if UNIT in self.read else field
        self.problems.append(Problem(line, self.names.get(column, column), message,
                                     self.read.get(column, 0)))  # fmt: skip
        self.failed_units.add(line)

    def restore(self, problems: list[Problem]) -> list[Problem]:
        """Tell the import's problems at the file's own columns (and add the mapping's own):
        a cell made from another column is that column's; the batch of --batch is the option's.
        """
        sources = {field: field for field in self.read}
        if UNIT in self.read:
            sources.update(precinct=UNIT, station=UNIT)
        if SITE_ADDRESS in self.read:
            sources.update(site=SITE_ADDRESS, site_name=SITE_ADDRESS)
        told = []
        for problem in problems:
            source = sources.get(problem.column)
            if problem.line in self.failed_units and problem.column in MADE[:3]:
                continue  # the mapping said why already
            if source is None:  # a cell the file does not have: no place in it (-1)
                column = "--batch" if problem.column == "batch" and self.batch else problem.column
                told.append(replace(problem, column=column, position=-1))
            else:
                told.append(replace(problem, column=self.names[source],
                                    position=self.read[source]))  # fmt: skip
        return sorted([*told, *self.problems], key=lambda p: (p.line, p.position))
