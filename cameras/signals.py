"""Receivers that keep derived rows true: the coverage roll-up, cameras' precincts, history.

Each write of a camera adjusts the roll-up; a site that passes to another precinct takes its
cameras along (their copied precinct, their figures and a history row each); rows loaded in
bulk get a history baseline before their first recorded change.
"""

from django.db.models import F
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from core import history
from leases.models import Batch, BudgetLine

from . import editions, rollup, states
from .models import Camera, CameraState, Precinct, Site, Station

FACTS = ("asset_tag", "installed_on", "install_day_unknown", "retired_on", "replaces_id")


def effective_day(instance):
    """Return the day a save takes effect: the one given (`_effective_on`), None for a
    correction given none (from the install day), else today in Asia/Taipei."""
    day = getattr(instance, "_effective_on", None)
    if day is None and not getattr(instance, "_correction", False):
        day = timezone.localdate()
    return day


def _user_id(instance):
    """Return who is saving `instance`: the request's user, as django-simple-history sees it."""
    user = getattr(instance, "_history_user", None)
    if user is None:
        user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user.pk if user is not None and user.is_authenticated else None


@receiver(pre_create_historical_record)
def say_when_it_took_effect(sender, instance, history_instance, **kwargs):
    """Write on each history record of a camera or a site the day its change took effect, or
    that it was a correction (from the day given, else from the start)."""
    if not hasattr(history_instance, "effective_on"):
        return
    history_instance.correction = getattr(instance, "_correction", False) or getattr(
        instance, "_fact_corrected", False
    )
    history_instance.effective_on = effective_day(instance)


@receiver(pre_save, sender=Camera)
def change_state(sender, instance, raw=False, **kwargs):
    """Write an edit's changes into the camera's periods from the day they took effect.

    The camera leaves the roll-up first and returns after the save (count_saved_camera); its
    row then holds its latest period, which a back-dated change leaves as it was.
    """
    if raw:
        return
    if instance._state.adding or instance.pk is None:
        # before its row points at its site, batch and precinct (cameras/editions.py)
        editions.bump()
        return
    one = Camera.objects.filter(pk=instance.pk)
    stored = one.values(*FACTS, *states.FIELDS).first()
    if stored is None:
        return
    # A fact is never a state: changing it corrects the record (issue 13).
    instance._fact_corrected = any(stored[name] != getattr(instance, name) for name in FACTS)
    saved = kwargs.get("update_fields")
    changed = {
        name: getattr(instance, name)
        for name in states.FIELDS
        if stored[name] != getattr(instance, name)
        and (saved is None or {name, name.removesuffix("_id")} & set(saved))
    }
    days = ("installed_on", "retired_on")
    # A save of the status or the codes alone leaves the periods and the roll-up as they are.
    instance._recounted = bool(changed) or any(stored[d] != getattr(instance, d) for d in days)
    if not instance._recounted:
        return
    rollup.subtract(one)
    if stored["installed_on"] != instance.installed_on:
        states.reinstall(one, installed_on=instance.installed_on)
    day = effective_day(instance)
    states.change(one, changed, on=day if day is not None else instance.installed_on)
    for name, value in states.latest(instance).items():
        setattr(instance, name, value)


@receiver(post_save, sender=Camera)
def count_saved_camera(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    one = Camera.objects.filter(pk=instance.pk)
    if created:
        states.start(one)
    if created or getattr(instance, "_recounted", True):
        rollup.add(one)


@receiver(pre_delete, sender=Camera)
def uncount_deleted_camera(sender, instance, **kwargs):
    one = Camera.objects.filter(pk=instance.pk)
    list(one.select_for_update().values_list("pk"))  # its lock before the figures' edition's
    rollup.subtract(one)


@receiver(pre_save, sender=Site)
def transfer_site(sender, instance, raw=False, **kwargs):
    """Write a change of the site's precinct or station into its periods from the day it took
    effect; the row then holds the unit it belongs to now (a back-dated transfer may leave
    it)."""
    if raw:
        return
    if instance.station_id and instance.station.precinct_id != instance.precinct_id:
        # a site passed to another precinct leaves its old one's station (forms ask first)
        instance.station = None
    if instance._state.adding or instance.pk is None:
        return
    stored = Site.objects.filter(pk=instance.pk).values_list("precinct_id", "station_id").first()
    instance._transferred = stored is not None and stored != instance.unit
    if instance._transferred:
        editions.bump()  # before its periods point at the precinct (cameras/editions.py)
        instance._loaded_unit = stored
        instance.precinct_id, instance.station_id = states.transfer(
            instance, instance.unit, on=effective_day(instance)
        )


@receiver(post_save, sender=Site)
def move_cameras_with_site(sender, instance, created, raw=False, **kwargs):
    """A site that passed to another precinct or station takes its cameras along, on its days.

    Every camera that ever hung there has its periods follow the site's unit, and moves with
    its figures in the roll-up; the cameras there now carry the unit it has now (for fast
    filters), with a history row each (before, where they had none, and after). The save runs
    in VersionedModel.save()'s transaction, so the site and its cameras move together or not
    at all; the cameras are locked before the roll-up reads them.
    """
    if raw:
        return
    if created:
        states.begin_sites(Site.objects.filter(pk=instance.pk))
        return
    if not getattr(instance, "_transferred", False):
        return
    instance._transferred = False
    ever = Camera.objects.filter(pk__in=CameraState.objects.filter(site=instance).values("camera"))
    list(ever.select_for_update().values_list("pk"))
    with rollup.tracking(ever):
        states.follow_sites(ever)
    if instance._loaded_unit == instance.unit:
        return  # a transfer of its past only: the cameras there now stay where they are
    cameras = Camera.objects.filter(site=instance)
    unit = instance.precinct.name
    if instance.station_id:
        unit = f"{unit} {instance.station.name}"
    reason = _("site %(site)s moved to %(precinct)s") % {"site": instance.code, "precinct": unit}
    history.insert_history(cameras, kind="+", user_id=None, reason=history.BASELINE_REASON,
                           unrecorded_only=True)  # fmt: skip
    cameras.update(
        precinct_id=instance.precinct_id, station_id=instance.station_id,
        version=F("version") + 1,
    )  # fmt: skip
    history.insert_history(
        cameras, kind="~", user_id=_user_id(instance), reason=reason,
        effective_on=effective_day(instance),
    )  # fmt: skip
    instance._loaded_unit = instance.unit  # moved: the next save compares anew


for model in (Camera, Site, Batch, BudgetLine):
    pre_save.connect(history.baseline, sender=model, dispatch_uid=f"history-baseline-{model}")
    pre_delete.connect(history.baseline, sender=model, dispatch_uid=f"history-baseline-d-{model}")


@receiver(pre_save, sender=Batch)
@receiver(pre_delete, sender=Batch)
@receiver(pre_save, sender=Precinct)
@receiver(pre_delete, sender=Precinct)
@receiver(pre_save, sender=Station)
@receiver(pre_delete, sender=Station)
def new_edition_of_figures(sender, **kwargs):
    """The figures name the batches and precincts, and read leases' days and service lives.

    Before the row's write, in its transaction (a batch's and a precinct's saves and every
    delete run in one): the edition's lock is then taken before the row's, as camera writers
    take it before the rows they point at, and the two commit together.
    """
    editions.bump()
