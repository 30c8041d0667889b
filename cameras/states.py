"""A camera's state over time, and a site's precinct: each holds from a day until its next change.

The camera row keeps what the camera is now, and its facts (asset tag, install and retire days,
what it replaces); its CameraState periods keep what it was on every day since its install day
(site, precinct, batch, lane, LPR and the other smart functions, resolution); a site's
SitePrecinct periods keep which precinct it belonged to. Every writer of the register (forms,
admin, bulk edit, import, seed) changes them here, set-based, so that a figure for a past day
never moves unless someone records a change that took effect before it, or a correction.

Each field keeps its own history: a change of one field on day D holds from D until that
field's next recorded change (the periods' `changed` bits), whatever the other fields do, so a
back-dated change never undoes a later one. A correction is the same write from the camera's
install day (or a day given). Hand-written: django-simple-history records when a row was
written, not from when it held, and no maintained library keeps per-field valid-time periods.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from core.bulk import temporary

from .models import ALWAYS, FOREVER, CameraState, SitePrecinct

# The fields of a camera's state, by the bit its periods' `changed` keeps for a change of it.
BITS = {
    "site_id": 1,
    "batch_id": 2,
    "is_lane": 4,
    "has_lpr": 8,
    "has_vehicle_attributes": 16,
    "has_trajectory": 32,
    "has_target_alert": 64,
    "resolution_mp": 128,
}
PRECINCT = 256  # the site passed to another precinct or station on that day
INSTALLED = sum(BITS.values()) | PRECINCT  # the first period: everything was set that day
FIELDS = tuple(BITS)  # the camera's columns its state copies, besides the precinct
UNIT = ("precinct_id", "station_id")  # the site's on the period's days
STATE_COLUMNS = ("site_id", *UNIT, *FIELDS[1:])  # a period's values, in table order
PIECES = "state_pieces"
HELD = "state_held"  # change_from(): each staged camera's period on its day


def on_day_q(on: datetime.date, prefix: str = "") -> Q:
    """Return the condition for a period (or roll-up row) holding on day `on`."""
    return Q(**{f"{prefix}valid_from__lte": on, f"{prefix}valid_to__gt": on})


def _ids(cameras) -> tuple[str, tuple]:
    """Return the SELECT of the cameras' ids, to write their periods by `IN (…)`."""
    return cameras.order_by().values("pk").query.sql_with_params()


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _greatest(a: str, b: str) -> str:
    return f"MAX({a}, {b})" if connection.vendor == "sqlite" else f"GREATEST({a}, {b})"


def _least(a: str, b: str) -> str:
    return f"MIN({a}, {b})" if connection.vendor == "sqlite" else f"LEAST({a}, {b})"


def _day(day: datetime.date):
    return connection.ops.adapt_datefield_value(day)


def start(cameras):
    """Give each of `cameras` that has none its first period, from its install day, as it is."""
    ids, params = _ids(cameras)
    states, camera_table = _table(CameraState), _table(cameras.model)
    columns = ", ".join(STATE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {states} (camera_id, valid_from, valid_to, {columns}, changed) "
            f"SELECT c.id, c.installed_on, %s, "
            f"{', '.join(f'c.{name}' for name in STATE_COLUMNS)}, %s FROM {camera_table} AS c "
            f"WHERE c.id IN ({ids}) AND NOT EXISTS "
            f"(SELECT 1 FROM {states} AS s WHERE s.camera_id = c.id)",
            [_day(FOREVER), INSTALLED, *params],
        )
    follow_sites(cameras)


def split(cameras, on: datetime.date):
    """Cut each camera's period that holds across `on` in two, so that one starts on `on`."""
    ids, params = _ids(cameras)
    states = _table(CameraState)
    columns = ", ".join(STATE_COLUMNS)
    day = _day(on)
    across = f"camera_id IN ({ids}) AND valid_from < %s AND valid_to > %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {states} (camera_id, valid_from, valid_to, {columns}, changed) "
            f"SELECT camera_id, %s, valid_to, {columns}, 0 FROM {states} WHERE {across}",
            [day, *params, day, day],
        )
        cursor.execute(
            f"UPDATE {states} SET valid_to = %s WHERE {across}", [day, *params, day, day]
        )


def change(cameras, values: dict, *, on: datetime.date | None):
    """Set `values` ({field: value}, fields of BITS) on `cameras` from day `on` until each
    field's next recorded change; `on=None` from each camera's install day (a correction).

    Where a camera's value on `on` differs, the period starting that day records a change of
    the field. The camera rows are left as they are: sync_current() copies their periods'
    latest values back.
    """
    if not values:
        return
    ids = cameras.order_by().values("pk")
    if on is not None:
        split(cameras, on)
    start = Value(on) if on is not None else OuterRef("camera__installed_on")
    for name, value in values.items():
        bit = BITS[name]
        if on is not None:
            CameraState.objects.filter(camera__in=ids, valid_from=on).exclude(
                **{name: value}
            ).update(changed=F("changed").bitor(bit))
        later_change = (
            CameraState.objects.filter(
                camera=OuterRef("camera"),
                valid_from__gt=start,
                valid_from__lte=OuterRef("valid_from"),
            )
            .annotate(bit=F("changed").bitand(bit))
            .filter(bit__gt=0)
        )
        held = CameraState.objects.filter(camera__in=ids)
        held = held.filter(valid_from__gte=on) if on is not None else held
        held.filter(~Exists(later_change)).update(**{name: value})
    if "site_id" in values:
        follow_sites(cameras)


def follow_sites(cameras):
    """Give every period of `cameras` its site's precinct and station on its days, cutting a
    period where its site was transferred (the piece from that day records the change)."""
    ids, params = _ids(cameras)
    states, sites = _table(CameraState), _table(SitePrecinct)
    columns = [name for name in STATE_COLUMNS if name not in UNIT]
    pieces = temporary(PIECES)
    select = (
        f"SELECT s.id AS old_id, s.camera_id, {_greatest('s.valid_from', 'p.valid_from')} "
        f"AS valid_from, {_least('s.valid_to', 'p.valid_to')} AS valid_to, p.precinct_id, "
        f"p.station_id, {', '.join(f's.{name}' for name in columns)}, CASE WHEN p.valid_from "
        f"> s.valid_from THEN {PRECINCT} WHEN p.valid_from = s.valid_from AND p.valid_from > %s "
        f"THEN s.changed | {PRECINCT} ELSE s.changed END AS changed FROM {states} AS s "
        f"JOIN {sites} AS p ON p.site_id = s.site_id "
        "AND p.valid_from < s.valid_to AND s.valid_from < p.valid_to "
        f"WHERE s.camera_id IN ({ids}) AND (p.precinct_id <> s.precinct_id "
        f"OR {differ('p.station_id', 's.station_id')} "
        "OR p.valid_from > s.valid_from OR p.valid_to < s.valid_to)"
    )
    names = ", ".join(["camera_id", "valid_from", "valid_to", *UNIT, *columns, "changed"])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {pieces}")
        cursor.execute(f"CREATE TEMPORARY TABLE {PIECES} AS {select}", [_day(ALWAYS), *params])
        cursor.execute(f"DELETE FROM {states} WHERE id IN (SELECT old_id FROM {pieces})")
        cursor.execute(f"INSERT INTO {states} ({names}) SELECT {names} FROM {pieces}")
        cursor.execute(f"DROP TABLE {pieces}")


def reinstall(cameras, *, installed_on: datetime.date | None = None):
    """Begin the cameras' periods on their install day again, after it was corrected: the one
    in their rows, or `installed_on` (a camera about to be saved with it)."""
    ids, params = _ids(cameras)
    states, camera_table = _table(CameraState), _table(cameras.model)
    installed, day = (
        (f"(SELECT c.installed_on FROM {camera_table} AS c WHERE c.id = {states}.camera_id)", [])
        if installed_on is None
        else ("%s", [_day(installed_on)])
    )
    first = f"(SELECT MIN(f.valid_from) FROM {states} AS f WHERE f.camera_id = {states}.camera_id)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {states} WHERE camera_id IN ({ids}) AND valid_to <= {installed}",
            [*params, *day],
        )
        cursor.execute(  # only the periods whose camera's install day moved
            f"UPDATE {states} SET valid_from = {installed}, changed = %s "
            f"WHERE camera_id IN ({ids}) AND valid_from = {first} AND valid_from <> {installed}",
            [*day, INSTALLED, *params, *day],
        )


def sync_current(cameras):
    """Copy each camera's latest period into its row: what the camera is now."""
    ids, params = _ids(cameras)
    states, camera_table = _table(CameraState), _table(cameras.model)
    names = ", ".join(STATE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {camera_table} SET ({names}) = (SELECT {names} FROM {states} AS s "
            f"WHERE s.camera_id = {camera_table}.id AND s.valid_to = %s) "
            f"WHERE id IN ({ids})",
            [_day(FOREVER), *params],
        )


def latest(camera) -> dict:
    """Return the values of the camera's latest period, by field (its unit's included)."""
    return CameraState.objects.filter(camera=camera, valid_to=FOREVER).values(*STATE_COLUMNS).get()


def begin_sites(sites):
    """Give each of `sites` that has none its first period: its precinct and station, for
    all time."""
    table, site_table = _table(SitePrecinct), _table(sites.model)
    ids, params = sites.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (site_id, valid_from, valid_to, precinct_id, station_id) "
            f"SELECT s.id, %s, %s, s.precinct_id, s.station_id FROM {site_table} AS s "
            f"WHERE s.id IN ({ids}) "
            f"AND NOT EXISTS (SELECT 1 FROM {table} AS p WHERE p.site_id = s.id)",
            [_day(ALWAYS), _day(FOREVER), *params],
        )


def transfer(site, unit: tuple, *, on: datetime.date | None) -> tuple:
    """Put `site` in `unit` (precinct id, station id or None) from day `on` until its next
    recorded transfer; `on=None` for all its past (a correction). Returns the unit it
    belongs to now."""
    periods = SitePrecinct.objects.filter(site=site)
    day = on or ALWAYS
    across = periods.filter(valid_from__lt=day, valid_to__gt=day).first()
    if across is not None:
        SitePrecinct.objects.create(
            site=site, valid_from=day, valid_to=across.valid_to,
            precinct_id=across.precinct_id, station_id=across.station_id,
        )  # fmt: skip
        periods.filter(pk=across.pk).update(valid_to=day)
    precinct_id, station_id = unit
    periods.filter(valid_from=day).update(precinct_id=precinct_id, station_id=station_id)
    _merge(site)
    now = periods.get(valid_to=FOREVER)
    return (now.precinct_id, now.station_id)


def _merge(site):
    """Join a site's neighbouring periods of the same precinct and station: only real
    transfers remain."""
    periods = list(SitePrecinct.objects.filter(site=site).order_by("valid_from"))
    for before, after in zip(periods, periods[1:], strict=False):
        if (before.precinct_id, before.station_id) == (after.precinct_id, after.station_id):
            after.valid_from = before.valid_from
            before.delete()
            SitePrecinct.objects.filter(pk=after.pk).update(valid_from=after.valid_from)


def differ(a: str, b: str) -> str:
    """SQL for "a and b differ", NULL being a value like any other."""
    return f"{a} IS NOT {b}" if connection.vendor == "sqlite" else f"{a} IS DISTINCT FROM {b}"


def change_from(table: str, fields: list[str], cameras):
    """change() for many cameras at once, each with its own values and day: the rows of
    `table` (a staging table: camera_id, effective_on, and the `fields`), one per camera, set
    their values from their day until each field's next recorded change. `cameras` selects
    the same cameras (for the sites their periods follow).

    One join finds each camera's period on its day and the fields its row changes then; the
    writes that follow read that small table by period id, so each touches only the periods
    that change (a row that changes nothing writes nothing).
    """
    states, held = _table(CameraState), temporary(HELD)
    columns = ", ".join(STATE_COLUMNS)
    bits = (
        " | ".join(
            f"CASE WHEN {differ(f'g.{name}', f's.{name}')} THEN {BITS[name]} ELSE 0 END"
            for name in fields
        )
        or "0"
    )
    from_held = f"FROM {held} AS h WHERE {states}.id = h.period_id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # planned for its size, not a guess
            cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"DROP TABLE IF EXISTS {held}")
        # the period's own values ride along (was_…): the piece cut from it is written from
        # this table alone, without a second join of the whole state table
        kept = [name for name in STATE_COLUMNS if name not in fields]
        was = "".join(f", s.{name} AS was_{name}" for name in kept)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {HELD} AS SELECT g.*, s.id AS period_id, s.valid_from "
            f"AS period_from, s.valid_to AS period_to{was}, {bits} AS bits FROM {table} AS g "
            f"JOIN {states} AS s ON s.camera_id = g.camera_id AND s.valid_from <= "
            "g.effective_on AND s.valid_to > g.effective_on"
        )
        cursor.execute(f"DELETE FROM {held} WHERE bits = 0")  # nothing changes on its day
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {held}")
        cursor.execute(f"SELECT DISTINCT bits FROM {held}")
        recorded = 0
        for (bits_then,) in cursor.fetchall():
            recorded |= bits_then
        values = ", ".join(f"{name} = h.{name}" for name in fields)
        # a period that begins on the day takes the row's values and records their change
        cursor.execute(
            f"UPDATE {states} SET {values}, changed = {states}.changed | h.bits {from_held} "
            "AND h.period_from = h.effective_on"
        )
        # one that holds across the day is cut: the piece from that day takes them
        pieces = ", ".join(f"h.{name}" if name in fields else f"h.was_{name}"
                           for name in STATE_COLUMNS)  # fmt: skip
        cursor.execute(
            f"INSERT INTO {states} (camera_id, valid_from, valid_to, {columns}, changed) "
            f"SELECT h.camera_id, h.effective_on, h.period_to, {pieces}, h.bits FROM {held} AS h "
            "WHERE h.period_from < h.effective_on"
        )
        cursor.execute(
            f"UPDATE {states} SET valid_to = h.effective_on {from_held} "
            "AND h.period_from < h.effective_on"
        )
        for name in [name for name in fields if recorded & BITS[name]]:
            # the later periods, until the field's next recorded change
            bit = BITS[name]
            changed_since = (
                f"EXISTS (SELECT 1 FROM {states} AS n WHERE n.camera_id = {states}.camera_id "
                f"AND n.valid_from > h.effective_on AND n.valid_from <= {states}.valid_from "
                f"AND (n.changed & {bit}) <> 0)"
            )
            cursor.execute(  # a camera whose period on its day is its latest has none
                f"UPDATE {states} SET {name} = h.{name} FROM {held} AS h "
                f"WHERE {states}.camera_id = h.camera_id AND {states}.valid_from > h.effective_on "
                f"AND (h.bits & {bit}) <> 0 AND h.period_to < %s "
                f"AND {differ(f'{states}.{name}', f'h.{name}')} AND NOT {changed_since}",
                [_day(FOREVER)],
            )
        cursor.execute(f"DROP TABLE {held}")
    if recorded & BITS["site_id"]:  # some camera moved: its periods take their site's precincts
        follow_sites(cameras)


def show_as_of(cameras: list, day: datetime.date):
    """Make each of `cameras` (loaded rows, a page of the list) what it was on `day`: its
    site, precinct, batch and capabilities then. One query, whatever the page; a camera not
    yet installed on `day` stays as it is."""
    held = CameraState.objects.filter(
        on_day_q(day), camera__in=[camera.pk for camera in cameras]
    ).select_related("site", "precinct", "station", "batch")
    by_camera = {state.camera_id: state for state in held}
    for camera in cameras:
        state = by_camera.get(camera.pk)
        if state is None:
            continue
        for name in ("site", "precinct", "station", "batch"):
            setattr(camera, name, getattr(state, name))
        for name in FIELDS[2:]:
            setattr(camera, name, getattr(state, name))


# The camera export's lookups that name a camera's state: on a day, they read its period then.
ON_DAY = "on_day"
DATED = {
    "site": "site", "batch": "batch", "precinct": "precinct", "site__precinct": "precinct",
    "station": "station", "site__station": "station",
    **{name: name for name in FIELDS[2:]},
}  # fmt: skip


def dated_lookup(lookup: str) -> str:
    """Return `lookup` (from a camera) read through its period on the list's day: the
    queryset must hold on_day() — site__precinct__code becomes on_day__precinct__code."""
    for prefix in ("site__precinct", "site__station", *DATED):
        if lookup == prefix or lookup.startswith(f"{prefix}__"):
            return f"{ON_DAY}__{DATED[prefix]}{lookup[len(prefix) :]}"
    return lookup


def on_day(cameras, day: datetime.date, **lookups):
    """Join each camera's period on `day` to `cameras` as `on_day`, keeping those whose
    period meets `lookups` (on_day__precinct=…): one join, which the columns of that day
    reuse; the cameras not installed by then drop out."""
    return cameras.annotate(
        **{ON_DAY: FilteredRelation("states", condition=on_day_q(day, "states__"))}
    ).filter(**{f"{ON_DAY}__isnull": False}, **lookups)


# What a period's `changed` bits name, in the timeline's words.
CHANGE_LABELS = {
    "site_id": _("site"),
    "batch_id": _("batch"),
    "is_lane": _("lane camera"),
    "has_lpr": _("LPR"),
    "has_vehicle_attributes": _("vehicle type and colour"),
    "has_trajectory": _("trajectory search"),
    "has_target_alert": _("real-time target alert"),
    "resolution_mp": _("resolution"),
}


@dataclass(frozen=True)
class Period:
    """One line of a camera's timeline: a period of its state and the change that began it."""

    state: CameraState
    until: datetime.date | None  # its last day; None while it holds
    changes: list[str]  # what the change that began it set; empty for the first period
    installed: bool
    record: object = None  # the history record of that change, when one says its day


def timeline(camera) -> list[Period]:
    """Return the camera's periods, oldest first, each with what changed and who recorded it
    (the latest history record that took effect that day). Two queries."""
    records = {}
    for record in (
        camera.history.filter(effective_on__isnull=False)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        records[record.effective_on] = record
    periods, retired = [], camera.retired_on or FOREVER
    held = camera.states.filter(valid_from__lt=retired)  # none after its retirement
    for state in held.select_related("site", "precinct", "station", "batch").order_by("valid_from"):
        installed = state.changed == INSTALLED and not periods
        changes = [] if installed else [
            str(label) for name, label in CHANGE_LABELS.items() if state.changed & BITS[name]
        ]  # fmt: skip
        if not installed and state.changed & PRECINCT:
            changes.append(str(_("precinct or station (the site was transferred)")))
        end = min(state.valid_to, retired)
        until = None if end == FOREVER else end - datetime.timedelta(1)
        periods.append(Period(state, until, changes, installed, records.get(state.valid_from)))
    return periods
