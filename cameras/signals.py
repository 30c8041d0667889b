"""Signals: the coverage roll-up follows camera saves; history gets a baseline for bulk rows."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from leases.models import Batch, BudgetLine

from . import history, rollup
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


for model in (Camera, Site, Batch, BudgetLine):
    pre_save.connect(history.baseline, sender=model, dispatch_uid=f"history-baseline-{model}")
    pre_delete.connect(history.baseline, sender=model, dispatch_uid=f"history-baseline-d-{model}")
