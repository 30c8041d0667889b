"""Bulk edit: one change to many cameras at once — a status, a batch, a site, or retirement.

A change is planned first (which cameras it changes, each field before → after, and every camera
that cannot take it, with why), then written in one transaction: the cameras are locked, each
one's version must still be the one the plan saw, the roll-up moves with them, and the history
records them as one change set (a BulkEdit) with its reason. Refused as a whole: if any camera
cannot take the change, or changed after the plan, nothing is written.
"""

import datetime
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.history import BASELINE_REASON, insert_history
from core.roc import format_roc

from . import editions, rollup, states
from .imports.checks import last_changes, roc_moment
from .models import BulkAction, BulkEdit, Camera, CameraStatus

MAX_CAMERAS = 20_000  # one change at most: past this, narrow the filters
LISTED = 500  # cameras the preview lists with their fields; the rest are counted

ACTIONS = dict(BulkAction.choices)
STATE_ACTIONS = ("batch", "site")  # changes of what a camera is, from a day (cameras/states.py)


class Refused(Exception):
    """The change cannot be written; nothing was."""

    def __init__(self, problems: list[str]):
        super().__init__(problems)
        self.problems = problems


@dataclass
class Plan:
    """What one change would do: the cameras it changes (pk → version seen), the fields it
    writes, each listed camera's fields before → after, and the cameras it cannot change."""

    action: str
    fields: dict
    on: datetime.date | None = None  # the day a state change takes effect; None: a correction
    correction: bool = False
    versions: dict[int, int] = field(default_factory=dict)
    unchanged: int = 0
    listed: list = field(default_factory=list)  # (asset tag, [(column, before, after)])
    problems: list[str] = field(default_factory=list)
    whole: bool = False  # the problem is the change itself (its size, its day), not a camera

    @property
    def changed(self) -> int:
        return len(self.versions)


def plan(cameras, action: str, value, *, today: datetime.date, on=None, correction=False) -> Plan:
    """Plan setting `value` by `action` on `cameras` (a queryset): one query.

    `value` is a CameraStatus (status), a Batch (batch), a Site (site) or a day (retire). A
    batch or a site is a change of the cameras' state from day `on` (today if not given), or
    a correction from `on` (else from each camera's install day).
    """
    fields, show = _fields(action, value)
    if on is None and not correction:
        on = today
    result = Plan(action=action, fields=fields, on=on, correction=correction)
    if action == "retire" and value > today:  # a property of the change: said once
        result.whole = True
        result.problems = [_("%(day)s is after today; a camera is retired on a day that came.")
                           % {"day": format_roc(value)}]  # fmt: skip
        return result
    rows = cameras.order_by("asset_tag", "pk").values_list(
        "pk", "asset_tag", "version", "status", "installed_on", "retired_on", "batch_id",
        "batch__code", "site_id", "site__code",
    )  # fmt: skip
    count = 0
    for pk, tag, version, status, installed, retired, batch_id, batch, site_id, site in rows:
        count += 1
        if count > MAX_CAMERAS:
            result.whole = True
            result.problems = [_(
                "A bulk edit changes at most %(n)s cameras at once; narrow the filters."
            ) % {"n": f"{MAX_CAMERAS:,}"}]  # fmt: skip
            return result
        before = {"status": status, "batch": batch, "site": site, "retired_on": retired}
        problem = _refusal(action, value, tag, status, installed, retired, on)
        if problem:
            result.problems.append(problem)
            continue
        current = {"status": status, "batch_id": batch_id, "site_id": site_id,
                   "retired_on": retired}  # fmt: skip
        if all(current[name] == wanted for name, wanted in fields.items() if name in current):
            result.unchanged += 1
            continue
        result.versions[pk] = version
        if len(result.listed) < LISTED:
            result.listed.append((tag, [(c, _shown(before[c]), after) for c, after in show]))
    return result


def _fields(action: str, value) -> tuple[dict, list[tuple[str, str]]]:
    """Return the camera fields the change writes, and (column, value shown) for the preview."""
    if action == "status":
        return {"status": value}, [("status", CameraStatus(value).label)]
    if action == "batch":
        return {"batch_id": value.pk}, [("batch", value.code)]
    if action == "site":
        fields = {
            "site_id": value.pk,
            "precinct_id": value.precinct_id,
            "station_id": value.station_id,
        }
        return fields, [("site", value.code)]
    if action == "retire":
        fields = {"status": CameraStatus.RETIRED, "retired_on": value}
        return fields, [("status", CameraStatus.RETIRED.label), ("retired_on", format_roc(value))]
    raise ValueError(action)


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return format_roc(value)
    if value in CameraStatus.values:
        return CameraStatus(value).label
    return value or ""


def _refusal(action, value, tag, status, installed, retired, on) -> str | None:
    """Say why this camera cannot take the change, or None."""
    if action in STATE_ACTIONS and on is not None and on < installed:
        return _("%(tag)s was installed on %(installed)s, after %(day)s.") % {
            "tag": tag, "installed": format_roc(installed), "day": format_roc(on),
        }  # fmt: skip
    if status == CameraStatus.RETIRED and action in ("status", "retire"):
        return _("%(tag)s is retired (on %(day)s): a retired camera stays retired.") % {
            "tag": tag, "day": format_roc(retired),
        }  # fmt: skip
    if action == "retire" and value < installed:
        return _("%(tag)s was installed on %(installed)s, after %(day)s.") % {
            "tag": tag, "installed": format_roc(installed), "day": format_roc(value),
        }  # fmt: skip
    return None


def apply(planned: Plan, *, user, reason: str, value_text: str) -> BulkEdit:
    """Write the plan in one transaction, or refuse it whole (Refused) and write nothing."""
    if planned.problems:
        raise Refused(planned.problems)
    pks = list(planned.versions)
    with transaction.atomic():
        if planned.action != "status":  # the roll-up moves: the edition's lock before the cameras'
            editions.bump()
        found = dict(
            Camera.objects.select_for_update().filter(pk__in=pks).values_list("pk", "version")
        )
        stale = [pk for pk, version in planned.versions.items() if found.get(pk) != version]
        if stale:
            raise Refused(_stale_problems(stale, found))
        change_set = BulkEdit.objects.create(
            user=user, action=planned.action, value=value_text[:200], reason=reason,
            camera_count=len(pks), effective_on=planned.on, correction=planned.correction,
        )  # fmt: skip
        cameras = Camera.objects.filter(pk__in=pks)
        # the "before" of cameras loaded in bulk, which have no history of their own yet
        insert_history(cameras, kind="+", user_id=None, reason=BASELINE_REASON,
                       unrecorded_only=True)  # fmt: skip
        # a status (never "retired": retire sets that) is no part of the roll-up's key
        counted = rollup.tracking(cameras) if planned.action != "status" else nullcontext()
        with counted:
            if planned.action in STATE_ACTIONS:
                values = {name: v for name, v in planned.fields.items() if name in states.BITS}
                states.change(cameras, values, on=planned.on)
                cameras.update(version=F("version") + 1)
                states.sync_current(cameras)  # a back-dated change leaves a later one standing
            else:
                cameras.update(**planned.fields, version=F("version") + 1)
        insert_history(
            cameras, kind="~", user_id=user.pk, reason=change_set.history_reason(),
            change_set=change_set.change_set, effective_on=planned.on,
            correction=planned.correction or planned.action == "retire",
        )  # fmt: skip
    return change_set


def _stale_problems(stale: list[int], found: dict) -> list[str]:
    last = last_changes(stale)
    tags = dict(Camera.objects.filter(pk__in=stale).values_list("pk", "asset_tag"))
    problems = []
    for pk in stale:
        who, when = last.get(pk, ("", None))
        if pk not in found:
            problems.append(_("A camera of the preview was deleted meanwhile."))
            continue
        problems.append(_(
            "%(tag)s was changed after the preview, by %(user)s on %(day)s: preview the change "
            "again."
        ) % {"tag": tags[pk], "user": who or _("an import or the system"),
             "day": roc_moment(when)})  # fmt: skip
    return problems
