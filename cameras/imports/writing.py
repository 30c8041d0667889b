"""Writing a checked import in one transaction: new sites, new cameras, updates, history.

New cameras go straight into the camera table (COPY on PostgreSQL, batched INSERTs elsewhere);
updates through a staging table and one UPDATE … FROM. The cameras the import touches are one
change set in the history, and their figures move in the coverage roll-up with them.
"""

from itertools import islice

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.bulk import temporary
from core.history import BASELINE_REASON, insert_history
from core.models import ImportRecord

from .. import editions, rollup, states
from ..models import FOREVER, Camera, CameraState, Precinct, Site, Station
from . import checked
from .checks import Plan
from .columns import CAMERA_FIELDS

STAGING = "camera_import"
SITES_AT_ONCE = 5_000  # new sites made as objects at once (about 1 KiB each, with history)
CHANGES = "camera_import_changes"  # the updated cameras' state fields, by camera id
STAGING_COLUMNS = (
    "action", "asset_tag", *CAMERA_FIELDS, "replaces", "new_replaces", "effective_on",
)  # fmt: skip


def write(plan: Plan, change_set: ImportRecord):
    """Write the checked plan: new sites, then the cameras.

    New cameras go straight into the camera table (COPY on PostgreSQL), in the file's order;
    updates, and the new cameras whose `replaces` must be resolved, go through a staging table
    for one UPDATE … FROM each. The cameras the import touches are recorded in the change
    history as one change set (their state before, where they had no history yet, and after),
    and their figures move in the coverage roll-up with them.
    """
    editions.bump()  # before any new site or camera points at a precinct (cameras/editions.py)
    _create_units(plan, change_set)
    history = {"default_user": change_set.user, "default_change_reason": _reason(change_set)}
    new_sites, sites = iter(plan.new_sites.values()), False
    while chunk := list(islice(new_sites, SITES_AT_ONCE)):  # not every new site's object at once
        made = bulk_create_with_history([
            Site(code=s["code"], name=s["name"], address=s.get("address") or "",
                 precinct_id=s["precinct_id"], station_id=s["station_id"],
                 latitude=s["latitude"], longitude=s["longitude"])
            for s in chunk
        ], Site, **history)  # fmt: skip
        ids = [site.pk for site in made]
        Site.history.filter(id__in=ids).update(
            change_set=change_set.change_set, effective_on=change_set.effective_on
        )
        states.begin_sites(Site.objects.filter(pk__in=ids))
        sites = True
    qn = connection.ops.quote_name
    cameras = qn(Camera._meta.db_table)
    with connection.cursor() as cursor:
        if sites:  # a new site's rows: its site's precinct and station too
            cursor.execute(
                f"UPDATE {checked.TABLE} SET site_id = s.id, precinct_id = s.precinct_id, "
                f"station_id = s.station_id FROM {qn(Site._meta.db_table)} AS s "
                f"WHERE {checked.TABLE}.site_id IS NULL AND s.code = {checked.TABLE}.site"
            )
        if not plan.rows:
            return
        cursor.execute(f"DROP TABLE IF EXISTS {temporary(STAGING)}")
        boolean = models.BooleanField().db_type(connection)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} ({checked.columns_sql(STAGING_COLUMNS)}, "
            f"corrects {boolean})"
        )
        _copy(cursor, STAGING, STAGING_COLUMNS, "action = 'update' OR new_replaces")
        _mark_corrections(cursor)
        if connection.vendor == "postgresql":  # joined by size, not by a guess of it
            cursor.execute(f"ANALYZE {temporary(STAGING)}")
        updated = Camera.objects.filter(
            asset_tag__in=RawSQL(  # noqa: S611
                f"SELECT asset_tag FROM {STAGING} WHERE action = 'update'", []
            )
        )
        updates = plan.rows > plan.created  # a file of new cameras only skips their work
        if updates:
            # the "before" of cameras loaded in bulk, which have no history of their own yet
            insert_history(updated, kind="+", user_id=None, reason=BASELINE_REASON,
                           unrecorded_only=True)  # fmt: skip
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {cameras}")
        (last_id,) = cursor.fetchone()
        with transaction.atomic():  # the roll-up moves with the cameras
            if updates:
                since, moved = _reach(cursor)
                # created cameras are not in the register yet
                with rollup.tracking(updated, since=since):
                    _change_states(cursor, updated)
                    _update_cameras(cursor)
                    if moved:
                        states.reinstall(updated)  # a corrected install day
            if plan.created:
                # in the file's order: their ids follow it
                _copy(cursor, cameras, ("asset_tag", *CAMERA_FIELDS, "version"),
                      "action = 'create' ORDER BY line")  # fmt: skip
                new = Camera.objects.filter(pk__gt=last_id)
                states.start(new)
                rollup.add(new)
        if plan.new_replaces:
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
        _record_history(
            cursor, change_set, created_after=last_id, created=plan.created, updates=updates
        )
        cursor.execute(f"DROP TABLE {temporary(STAGING)}")


def _create_units(plan: Plan, change_set: ImportRecord):
    """Create the precincts and stations a mapped list names that the register lacks (with
    --create-units), the ones its new sites are in, and give those sites their ids."""
    planned = plan.units
    if planned is None or not (planned.new_precincts or planned.new_stations):
        return
    used = {code for s in plan.new_sites.values() for code in (s["precinct"], s.get("station"))}
    history = {"default_user": change_set.user, "default_change_reason": _reason(change_set)}
    ids = dict(Precinct.objects.values_list("code", "pk"))  # an earlier generation's too
    last = Precinct.objects.aggregate(n=Max("position"))["n"] or 0
    precincts = bulk_create_with_history(
        [Precinct(code=code, name=name, position=last + n) for n, (code, name)  # file order
         in enumerate(planned.new_precincts.items(), 1) if code in used and code not in ids],
        Precinct, **history,
    )  # fmt: skip
    ids = dict(Precinct.objects.values_list("code", "pk"))
    known = set(Station.objects.values_list("code", flat=True))
    stations = [
        Station(code=code, name=name, precinct_id=ids[precinct], position=n)
        for n, (code, (name, precinct)) in enumerate(planned.new_stations.items(), 1)
        if code in used and code not in known
    ]
    bulk_create_with_history(stations, Station, **history)
    station_ids = dict(Station.objects.values_list("code", "pk"))
    for site in plan.new_sites.values():
        site["precinct_id"] = site["precinct_id"] or ids[site["precinct"]]
        if site.get("station"):
            site["station_id"] = site["station_id"] or station_ids[site["station"]]
    if precincts or stations:
        editions.bump()  # the figures name them


def _mark_corrections(cursor):
    """Mark the updates that change a camera's facts (install or retire day, whether the
    install day is known, what it replaces): always corrections, in the history too."""
    cameras = connection.ops.quote_name(Camera._meta.db_table)
    facts = " OR ".join(
        states.differ(f"c.{name}", f"{STAGING}.{name}")
        for name in ("installed_on", "retired_on", "install_day_unknown")
    )
    cursor.execute(
        f"UPDATE {STAGING} SET corrects = new_replaces OR EXISTS (SELECT 1 FROM {cameras} AS c "
        f"WHERE c.asset_tag = {STAGING}.asset_tag AND ({facts})) WHERE action = 'update'"
    )


def _change_states(cursor, updated):
    """Write the updated cameras' state fields into their periods from each row's day (a
    correction given none: from the camera's install day)."""
    names = list(states.FIELDS)
    table = temporary(CHANGES)
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {CHANGES} AS SELECT c.id AS camera_id, "
        f"COALESCE(s.effective_on, c.installed_on) AS effective_on, "
        f"{', '.join(f's.{name}' for name in names)} FROM {STAGING} AS s "
        f"JOIN {connection.ops.quote_name(Camera._meta.db_table)} AS c "
        "ON c.asset_tag = s.asset_tag WHERE s.action = 'update'"
    )
    states.change_from(table, names, updated)
    cursor.execute(f"DROP TABLE {table}")


def _reach(cursor) -> tuple:
    """How far back the updates reach: the day before which they change no period (their
    earliest effective day; None when a row rewrites a camera's past from its install day or
    moves its install or retire day), and whether a row corrects an install day (only then do
    periods begin anew)."""
    cameras = connection.ops.quote_name(Camera._meta.db_table)
    installed = states.differ("c.installed_on", "s.installed_on")
    retired = states.differ("c.retired_on", "s.retired_on")
    cursor.execute(
        f"SELECT MIN(s.effective_on), SUM(CASE WHEN s.effective_on IS NULL OR {installed} "
        f"OR {retired} THEN 1 ELSE 0 END), SUM(CASE WHEN {installed} THEN 1 ELSE 0 END) "
        f"FROM {cameras} AS c JOIN {STAGING} AS s ON s.asset_tag = c.asset_tag "
        "WHERE s.action = 'update'"
    )
    earliest, unbounded, moved = cursor.fetchone()
    since = None if unbounded or earliest is None else checked.DAY.to_python(earliest)
    return since, bool(moved)


def _update_cameras(cursor):
    """Write the updated cameras' rows once: their facts from the file, what they are now from
    their latest period (a back-dated change leaves a later one standing), version + 1 (an
    edit form opened before the import cannot overwrite it unseen)."""
    qn = connection.ops.quote_name
    cameras, periods = qn(Camera._meta.db_table), qn(CameraState._meta.db_table)
    now = set(states.STATE_COLUMNS)
    assignments = ", ".join(
        [f"{qn(name)} = s.{qn(name)}" for name in CAMERA_FIELDS if name not in now]
        + [f"{qn(name)} = latest.{qn(name)}" for name in states.STATE_COLUMNS]
        + [f"version = {cameras}.version + 1"]
    )
    cursor.execute(
        f"UPDATE {cameras} SET {assignments} FROM {STAGING} AS s, {periods} AS latest "
        f"WHERE {cameras}.asset_tag = s.asset_tag AND s.action = 'update' "
        f"AND latest.camera_id = {cameras}.id AND latest.valid_to = %s",
        [connection.ops.adapt_datefield_value(FOREVER)],
    )


def _record_history(
    cursor, change_set: ImportRecord, *, created_after: int, created: int, updates: bool
):
    """Record every updated and created camera as the import left it, with the user and the
    change set, by INSERT … SELECT. The created ones are the cameras with an id above
    `created_after`, the highest id before the import wrote: no one else can add cameras
    meanwhile (the table is locked), and a range of ids is much cheaper to read than a join of
    the staging table with the whole camera table.
    """
    qn = connection.ops.quote_name
    history = Camera.history.model
    cameras = qn(Camera._meta.db_table)
    columns = [f.attname for f in Camera._meta.concrete_fields]
    names = ", ".join(qn(c) for c in columns)
    values = ", ".join(f"c.{qn(c)}" for c in columns)
    updated = f"JOIN {STAGING} AS s ON s.asset_tag = c.asset_tag WHERE s.action = 'update'"
    # the day each row took effect; a new camera's is its install day
    # a correction: the import's, or a row that changes a fact (_mark_corrections())
    selections = [
        ("~", "s.effective_on", "s.corrects", updated),
        ("+", "c.installed_on", "false", f"WHERE c.id > {int(created_after)}"),
    ]
    reason = _reason(change_set)
    now, written = timezone.now(), {}
    for kind, effective, corrects, selection in selections:
        if not (created if kind == "+" else updates):
            written[kind] = 0
            continue
        cursor.execute(
            f"INSERT INTO {qn(history._meta.db_table)} ({names}, history_date, history_type, "
            "history_user_id, history_change_reason, change_set, effective_on, correction) "
            f"SELECT {values}, %s, %s, %s, %s, %s, {effective}, (%s OR {corrects}) "
            f"FROM {cameras} AS c {selection}",
            [now, kind, change_set.user_id, reason, change_set.change_set,
             change_set.correction],
        )  # fmt: skip
        written[kind] = cursor.rowcount
    if written["+"] != created:
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
    if change_set.reason:  # a correction's: why the records were wrong
        reason = f"{reason} — {change_set.reason}"
    return str(reason)[:100]


def _copy(cursor, table: str, columns: tuple[str, ...], where: str):
    """Write the checked rows that `where` selects into `table`, by INSERT … SELECT."""
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    select = f"SELECT {names} FROM {checked.TABLE} WHERE {where}"
    cursor.execute(f"INSERT INTO {table} ({names}) {select}")
