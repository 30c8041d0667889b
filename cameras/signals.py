"""Receivers that keep derived rows true: the coverage roll-up, cameras' precincts, history.

Each write of a camera adjusts the roll-up; a site that passes to another precinct takes its
cameras along (their copied precinct, their figures and a history row each); rows loaded in
bulk get a history baseline before their first recorded change.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core import history
from leases.models import Batch, BudgetLine

from . import rollup
from .models import Camera, Site

ROLLUP_FIELDS = ["precinct_id", "batch_id", "is_lane", "has_lpr", "installed_on", "retired_on"]


@receiver(pre_save, sender=Camera)
def remember_counted_state(sender, instance, raw=False, **kwargs):
    """Note how the camera is counted now, before the save changes it."""
    instance._counted_before = None
    if instance.pk and not raw:
        instance._counted_before = (
            Camera.objects.filter(pk=instance.pk).only(*ROLLUP_FIELDS).first()
        )


@receiver(post_save, sender=Camera)
def recount_saved_camera(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_counted_before", None)
    if before is not None:
        rollup.bump(before, -1)
    rollup.bump(instance, 1)


@receiver(post_delete, sender=Camera)
def uncount_deleted_camera(sender, instance, **kwargs):
    rollup.bump(instance, -1)


@receiver(post_save, sender=Site)
def move_cameras_with_site(sender, instance, created, raw=False, **kwargs):
    """A site that passed to another precinct takes its cameras along.

    Cameras carry their site's precinct (for fast filters): they move with their figures in the
    roll-up and a history row each (before, where they had none, and after). The save runs in
    VersionedModel.save()'s transaction, so the site and its cameras move together or not at
    all; the cameras are locked before the roll-up reads them.
    """
    loaded = getattr(instance, "_loaded_precinct_id", instance.precinct_id)
    if created or raw or loaded == instance.precinct_id:
        return
    on_site = Camera.objects.filter(site=instance)
    cameras = list(on_site.select_for_update())
    with rollup.tracking(on_site):
        history.baseline_many(Camera, cameras)
        for camera in cameras:
            camera.precinct_id, camera.version = instance.precinct_id, camera.version + 1
        reason = _("site %(site)s moved to %(precinct)s") % {
            "site": instance.code,
            "precinct": instance.precinct.name,
        }
        bulk_update_with_history(
            cameras, Camera, ["precinct", "version"], default_change_reason=str(reason)
        )
    instance._loaded_precinct_id = instance.precinct_id  # moved: the next save compares anew


for model in (Camera, Site, Batch, BudgetLine):
    pre_save.connect(history.baseline, sender=model, dispatch_uid=f"history-baseline-{model}")
    pre_delete.connect(history.baseline, sender=model, dispatch_uid=f"history-baseline-d-{model}")
