"""Forms for creating, editing and replacing cameras and sites."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CodeField, RocDateField, VersionedForm
from leases.models import Batch

from .models import Camera, Site

CAMERA_FIELDS = [
    "asset_tag", "site", "batch", "is_lane", "has_lpr", "has_vehicle_attributes",
    "has_trajectory", "has_target_alert", "resolution_mp", "installed_on",
]  # fmt: skip


class CameraForm(VersionedForm):
    site = CodeField(Site.objects.all(), "code", label=_("Site code"))
    batch = forms.ModelChoiceField(Batch.objects.all(), label=_("Batch"))
    installed_on = RocDateField(label=_("Installed on"))
    retired_on = RocDateField(label=_("Retired on"), required=False)
    replaces = CodeField(
        Camera.objects.all(), "asset_tag", label=_("Replaces (asset tag)"), required=False
    )

    class Meta:
        model = Camera
        fields = [*CAMERA_FIELDS, "retired_on", "status", "replaces"]


class ReplacementForm(forms.ModelForm):
    """The new camera that takes an old one's place; the old one retires on its install day."""

    site = CodeField(Site.objects.all(), "code", label=_("Site code"))
    batch = forms.ModelChoiceField(Batch.objects.all(), label=_("Batch"))
    installed_on = RocDateField(label=_("Replacement day"))

    class Meta:
        model = Camera
        fields = CAMERA_FIELDS

    def __init__(self, *args, old: Camera, **kwargs):
        self.old = old
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        refusal = self.old.refusal_to_replace()
        if refusal:
            raise ValidationError(refusal)
        day = cleaned.get("installed_on")
        if day and day < self.old.installed_on:
            self.add_error(
                "installed_on",
                _("The replacement day cannot be before the old camera was installed (%(day)s).")
                % {"day": self.old.installed_on.isoformat()},
            )
        return cleaned


class SiteForm(VersionedForm):
    class Meta:
        model = Site
        fields = ["code", "name", "address", "precinct", "kind", "latitude", "longitude"]
