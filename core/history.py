"""The change history, read from django-simple-history's tables for pages and for auditors.

django-simple-history was chosen because it records every ORM create, update and delete with
the user (from the request) and the whole row after the change, keeps deleted rows, and needs
no triggers; the register adds the diff between consecutive versions and the CSV export.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .bulk import temporary
from .csvfile import cell, text_cell
from .roc import ROC_OFFSET, format_roc
from .yesno import yes_no

HISTORY_PERMISSION = "core.view_history"

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


CHANGE_SET = RegexValidator(
    r"^(import|bulk)-[1-9][0-9]{0,9}$",
    _("Give a change set as the Audit page names it: import-5 or bulk-3."),
)


class ChangeSetRecord(models.Model):
    """A base for history tables: the change set ("import-5", "bulk-3") that wrote the row.

    The reason says it in the user's words; this key is what a list filters by, so that an
    import or a bulk edit can show exactly the cameras it changed.
    """

    # NULL, not "": the rows no change set wrote, which INSERTs that name none leave so. Its
    # index holds only the rows of change sets (cameras migration 0014 builds it).
    change_set = models.CharField(  # noqa: DJ001
        _("change set"), max_length=20, null=True, blank=True
    )
    # The day the change took effect in the register (a camera's state, a site's precinct),
    # beside history_date, the moment it was recorded; a correction rewrote the past instead.
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    correction = models.BooleanField(_("correction"), default=False, db_default=False)

    class Meta:
        abstract = True


@dataclass
class Entry:
    """One change of one row: who, when, what, and each field's value before and after."""

    at: datetime.datetime
    user: str
    action: str
    reason: str
    changes: list = field(default_factory=list)  # (field label, before, after)
    what: str = ""  # on the Audit page: the kind of row and its identifier
    url: str = ""  # … and its page, while it exists
    effective_on: datetime.date | None = None  # the day the change took effect
    correction: bool = False  # it rewrote the record's past instead

    @property
    def back_dated(self) -> bool:
        """Say whether the change took effect before the day it was recorded (Asia/Taipei)."""
        return bool(self.effective_on) and self.effective_on < timezone.localtime(self.at).date()


def history_for(request, obj) -> list[Entry] | None:
    """Return the object's recent changes for those who may read the history, else None."""
    if not request.user.has_perm(HISTORY_PERMISSION):
        return None
    return entries(obj)


def entries(obj, *, limit: int = 50) -> list[Entry]:
    """Return the latest changes of `obj`, newest first, in two queries at most."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    labels = _related_labels(obj, records)
    return [
        _entry(newer, older, labels)
        for newer, older in zip(records[:limit], [*records[1:], None], strict=False)
    ]


def _entry(newer, older, labels) -> Entry:
    return Entry(
        at=newer.history_date,
        user=newer.history_user.get_username() if newer.history_user else "",
        action=str(ACTIONS.get(newer.history_type, newer.history_type)),
        reason=newer.history_change_reason or "",
        changes=_changes(newer, older, labels),
        effective_on=getattr(newer, "effective_on", None),
        correction=getattr(newer, "correction", False),
    )


def latest(*, types, since=None, until=None, username=None, change_set=None, limit=50):
    """Return the latest changes of every kind of row, newest first, for the Audit page.

    The same filters as the history file. Per kind of row: one query for its latest records
    (each with the id of the record before it), one for those earlier records, one per
    foreign key for the names of related rows, one for which rows still exist.
    """
    kinds = history_types()
    window = _window(since=since, until=until, username=username, change_set=change_set)
    found = []
    for object_type in types:
        model = kinds[object_type][0]
        earlier = model.history.filter(
            id=OuterRef("id"), history_id__lt=OuterRef("history_id")
        ).order_by("-history_id")
        found += [
            (object_type, record)
            for record in model.history.filter(window)
            .select_related("history_user")
            .annotate(earlier_id=Subquery(earlier.values("history_id")[:1]))
            .order_by("-history_date", "-history_id")[:limit]
        ]
    found.sort(key=lambda item: (item[1].history_date, item[1].history_id), reverse=True)
    found = found[:limit]
    known = {}  # per kind of row: its earlier records, related rows' names, rows that exist
    for object_type in dict.fromkeys(kind for kind, _record in found):
        model = kinds[object_type][0]
        mine = [record for kind, record in found if kind == object_type]
        earlier = model.history.in_bulk([r.earlier_id for r in mine if r.earlier_id])
        existing = model._base_manager.filter(pk__in={r.id for r in mine})
        known[object_type] = (
            earlier, _related_labels(model, [*mine, *earlier.values()]),
            set(existing.values_list("pk", flat=True)),
        )  # fmt: skip
    result = []
    for object_type, record in found:  # newest first, as merged
        (model, identifier), (earlier, labels, existing) = kinds[object_type], known[object_type]
        entry = _entry(record, earlier.get(record.earlier_id), labels)
        entry.what = f"{model._meta.verbose_name} {getattr(record, identifier)}"
        if record.id in existing and hasattr(model, "get_absolute_url"):
            entry.url = record.instance.get_absolute_url()
        result.append(entry)
    return result


def _window(*, since, until, username, change_set) -> Q:
    """The history records in a range of days (in Asia/Taipei), by a user, of a change set."""
    window = Q()
    if since:
        window &= Q(history_date__date__gte=since)
    if until:
        window &= Q(history_date__date__lte=until)
    if username:
        window &= Q(history_user__username=username)
    if change_set:
        window &= Q(change_set=change_set)
    return window


def has_effective_days(model) -> bool:
    """Say whether `model`'s history records the day each change took effect."""
    return any(f.name == "effective_on" for f in model.history.model._meta.fields)


def has_change_sets(model) -> bool:
    """Whether the model's history records change sets (a ChangeSetRecord base)."""
    return issubclass(model.history.model, ChangeSetRecord)


def _changes(newer, older, labels) -> list[tuple[str, str, str]]:
    fields = [f for f in newer.instance_type._meta.concrete_fields if f.name not in SKIPPED]
    changes = []
    for f in fields:
        after = _value(newer, f, labels)
        before = _value(older, f, labels) if older is not None else ""
        if newer.history_type == "-":
            before, after = after, ""
        if before != after:
            changes.append((str(f.verbose_name), before, after))
    return changes


SKIPPED = {"id", "version"}


def _value(record, model_field, labels) -> str:
    """Show a recorded value as staff read it: choice labels, yes/no, ROC dates, row names."""
    value = getattr(record, model_field.attname)
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return format_roc(value) if value.year > ROC_OFFSET else value.isoformat()
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return labels.get((model_field.name, value), str(value))
    if isinstance(value, int | Decimal):  # 1,234 cameras, 47,160.000 thousand NT$
        return number_format(value, force_grouping=True)
    return str(value)


def _related_labels(model, records) -> dict:
    """Name the rows that foreign keys point at (site code, batch code…), one query per key."""
    labels = {}
    for f in model._meta.concrete_fields:
        if not f.is_relation:
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        if ids:
            for row in f.related_model._base_manager.filter(pk__in=ids):
                labels[(f.name, row.pk)] = str(row)
    return labels


BASELINE_REASON = _("state before the first recorded change (loaded in bulk)")


def baseline_many(model, objs):
    """baseline() for rows about to change in one bulk statement: one query, one insert."""
    recorded = set(
        model.history.filter(id__in=[obj.pk for obj in objs]).values_list("id", flat=True)
    )
    unrecorded = [obj.pk for obj in objs if obj.pk not in recorded]
    if not unrecorded:
        return
    current = list(model._base_manager.filter(pk__in=unrecorded))
    for row in current:
        row._history_user = None  # nobody's change: the state the bulk load left
    model.history.bulk_history_create(current, default_change_reason=str(BASELINE_REASON))


def insert_history(
    queryset, *, kind: str, user_id, reason: str, unrecorded_only=False, change_set=None,
    effective_on=None, correction=False,
):  # fmt: skip
    """Record each row of `queryset` as it is now in its history, in one INSERT … SELECT.

    A bulk change then records its thousands of rows in one statement, where
    bulk_history_create() loads them and inserts a batch per few hundred. `unrecorded_only`
    keeps the rows that have no history yet: their state before a first bulk change;
    `change_set` names the change that writes them, `effective_on` the day it took effect,
    `correction` that it rewrote the past (the history must have the columns).
    """
    model = queryset.model
    table = model.history.model._meta.db_table
    if unrecorded_only:
        queryset = _unrecorded(queryset)
    columns = [field.attname for field in model._meta.concrete_fields]
    select, params = queryset.order_by().values_list(*columns).query.sql_with_params()
    extra = {"history_date": timezone.now(), "history_type": kind, "history_user_id": user_id,
             "history_change_reason": str(reason)[:100]}  # fmt: skip
    if change_set:
        extra["change_set"] = change_set
    if effective_on or correction:
        extra |= {"effective_on": effective_on, "correction": correction}
    qn = connection.ops.quote_name
    names = ", ".join(qn(column) for column in [*columns, *extra])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(table)} ({names}) SELECT s.*, {', '.join(['%s'] * len(extra))} "
            f"FROM ({select}) AS s",
            [*extra.values(), *params],
        )
        if unrecorded_only:
            cursor.execute(f"DROP TABLE {temporary(UNRECORDED)}")


UNRECORDED = "history_unrecorded"


def _unrecorded(queryset):
    """The rows of `queryset` that have no history yet, listed in a statement of their own.

    An INSERT into the history that read the history itself (NOT EXISTS, an anti-join) could be
    planned as a loop that scans the history again for each row, the rows it is writing
    included: 100,000 cameras loaded in bulk took 462 s instead of 2.8 s.
    """
    model = queryset.model
    select, params = (
        queryset.filter(~Exists(model.history.filter(id=OuterRef("pk"))))
        .order_by()
        .values_list("pk")  # the column is named pk
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary(UNRECORDED)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {UNRECORDED} AS {select}", params)
        if connection.vendor == "postgresql":  # joined by its size, not by a guess of it
            cursor.execute(f"ANALYZE {temporary(UNRECORDED)}")
    # qualified: a name the table lacked would be the outer query's own id, and match every row
    listed = RawSQL(f"SELECT u.pk FROM {UNRECORDED} AS u", [])  # noqa: S611
    return model._base_manager.filter(pk__in=listed)


def baseline(sender, instance, raw=False, **kwargs):
    """Before the first recorded change of a row loaded in bulk, record how it was.

    Rows written by the seed or an import have no history of their own, so the first edit
    would have no "before"; this keeps that state as a created record first.
    """
    history = getattr(sender, "history", None)
    if raw or history is None or instance.pk is None or instance._state.adding:
        return
    if history.filter(id=instance.pk).exists():
        return
    current = sender._base_manager.filter(pk=instance.pk).first()
    if current is None:
        return
    values = {f.attname: getattr(current, f.attname) for f in sender._meta.concrete_fields}
    history.model.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=str(BASELINE_REASON),
    )


# --- the whole history, for auditors (CSV) ----------------------------------------------------

HISTORY_COLUMNS = (
    "changed_at", "user", "object_type", "object_id", "identifier", "action", "reason",
    "effective_on", "correction", "field", "before", "after",
)  # fmt: skip


def excel_moment(at) -> str:
    """A moment in Asia/Taipei as Excel reads a date and time: 2026-12-01 22:37:05."""
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S")


def _related_lookup(model_field) -> str:
    """Name a related row as people know it: a site by its code, a camera by its asset tag (the
    identifier settings.HISTORY_TYPES gives its model, else "code" when it has one), not by
    its database id; a field of the row itself by its own name."""
    if not model_field.is_relation:
        return model_field.attname
    related = model_field.related_model
    label = related._meta.label
    for known, identifier in settings.HISTORY_TYPES.values():
        if known == label:
            return f"{model_field.name}__{identifier}"
    has_code = any(f.name == "code" for f in related._meta.concrete_fields)
    return f"{model_field.name}__code" if has_code else model_field.attname


def history_types() -> dict:
    """Return {object_type: (model, identifier field)} for the rows whose history is kept.

    The project names them in settings.HISTORY_TYPES by model label ("cameras.Camera"), so this
    module needs no app's models.
    """
    return {
        object_type: (apps.get_model(label), identifier)
        for object_type, (label, identifier) in settings.HISTORY_TYPES.items()
    }


def history_rows(*, types, since=None, until=None, username=None, change_set=None):
    """Yield one row per changed field: when, who, what, the value before and after.

    Streams: objects with a change in the range are walked in order of id and time, each record
    compared with the one before it (which may lie before the range), so memory stays flat.
    """
    for object_type in types:
        model, identifier = history_types()[object_type]
        records = model.history.all()
        window = _window(since=since, until=until, username=username, change_set=change_set)
        fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED]
        dated = has_effective_days(model)
        when = (
            ("effective_on", "correction") if dated
            else (Value(None, output_field=DateField()), Value(False))
        )  # fmt: skip
        names = [f.name for f in fields]  # a related row by its name: site, not site_id
        lookups = [_related_lookup(f) for f in fields]
        rows = (
            records.filter(id__in=records.filter(window).values("id"))
            .annotate(in_window=ExpressionWrapper(window, output_field=BooleanField()))
            .order_by("id", "history_date", "history_id")
            .values_list(
                "id", "history_date", "history_user__username", "history_type",
                "history_change_reason", *when, "in_window", identifier, *lookups,
            )
            .iterator(chunk_size=2000)
        )  # fmt: skip
        previous_id, previous = None, None
        for pk, at, user, kind, reason, effective, corrected, in_window, ident, *values in rows:
            before = previous if previous_id == pk else None
            previous_id, previous = pk, values
            if not in_window:
                continue
            action = {"+": "created", "~": "changed", "-": "deleted"}[kind]
            for index, name in enumerate(names):
                old = "" if before is None else cell(before[index])
                new = cell(values[index])
                if kind == "-":
                    old, new = new, ""
                if old == new:
                    continue
                yield [
                    excel_moment(at), text_cell(user or ""),
                    object_type, str(pk), cell(ident), action, text_cell(reason or ""),
                    cell(effective), cell(bool(corrected)), name, old, new,
                ]  # fmt: skip
