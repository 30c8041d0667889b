"""The change history, read from django-simple-history's tables for pages and for auditors.

django-simple-history was chosen because it records every ORM create, update and delete with
the user (from the request) and the whole row after the change, keeps deleted rows, and needs
no triggers; the register adds the diff between consecutive versions and the CSV export.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Entry:
    """One change of one row: who, when, what, and each field's value before and after."""

    at: datetime
    user: str
    action: str
    reason: str
    changes: list = field(default_factory=list)  # (field label, before, after)


def entries(obj, *, limit: int = 50) -> list[Entry]:
    """Return the latest changes of `obj`, newest first, in two queries at most."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    labels = _related_labels(obj, records)
    result = []
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        result.append(
            Entry(
                at=newer.history_date,
                user=newer.history_user.get_username() if newer.history_user else "",
                action=str(ACTIONS.get(newer.history_type, newer.history_type)),
                reason=newer.history_change_reason or "",
                changes=_changes(newer, older, labels),
            )
        )
    return result


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
    value = getattr(record, model_field.attname)
    if value is None:
        return ""
    return labels.get((model_field.name, value), str(value))


def _related_labels(obj, records) -> dict:
    """Name the rows that foreign keys point at (site code, batch code…), one query per key."""
    labels = {}
    for f in obj._meta.concrete_fields:
        if not f.is_relation:
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        if ids:
            for row in f.related_model._base_manager.filter(pk__in=ids):
                labels[(f.name, row.pk)] = str(row)
    return labels


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
        history_change_reason=str(_("state before the first recorded change (loaded in bulk)")),
    )
