"""Forms for creating, editing and replacing cameras and sites."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import compass
from core.forms import (
    CodeField,
    EffectiveDayField,
    EffectiveForm,
    RocDateField,
    correction_field,
    say_choose,
)
from leases.models import Batch

from . import bulk
from .models import Camera, CameraStatus, Site, Station

CAMERA_FIELDS = [
    "asset_tag", "site", "batch", "is_lane", "has_lpr", "has_vehicle_attributes",
    "has_trajectory", "has_target_alert", "resolution_mp", "direction", "installed_on",
]  # fmt: skip


def direction_field():
    """A camera's direction: a point of the compass, or not known (a valid answer, not a
    choice left to make)."""
    return forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("not known")), *compass.CHOICES],
        required=False,
    )


class CameraForm(EffectiveForm):
    start_field = "installed_on"
    site = CodeField(Site.objects.all(), "code", label=_("Site code"))
    batch = forms.ModelChoiceField(Batch.objects.all(), label=_("Batch"))
    installed_on = RocDateField(label=_("Installed on"))
    retired_on = RocDateField(label=_("Retired on"), required=False)
    direction = direction_field()
    replaces = CodeField(
        Camera.objects.all(), "asset_tag", label=_("Replaces (asset tag)"), required=False
    )

    class Meta:
        model = Camera
        fields = [*CAMERA_FIELDS, "install_day_unknown", "retired_on", "status", "replaces"]


class ReplacementForm(forms.ModelForm):
    """The new camera that takes an old one's place; the old one retires on its install day."""

    site = CodeField(Site.objects.all(), "code", label=_("Site code"))
    batch = forms.ModelChoiceField(Batch.objects.all(), label=_("Batch"))
    installed_on = RocDateField(label=_("Replacement day"))
    direction = direction_field()

    class Meta:
        model = Camera
        fields = CAMERA_FIELDS

    def __init__(self, *args, old: Camera, **kwargs):
        self.old = old
        super().__init__(*args, **kwargs)
        say_choose(self)

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


class SiteForm(EffectiveForm):
    """A site; its station must be one of its precinct's (Site.clean says so)."""

    class Meta:
        model = Site
        fields = ["code", "name", "address", "precinct", "station", "kind", "latitude", "longitude"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        station = self.fields["station"]
        station.queryset = Station.objects.select_related("precinct")
        station.label_from_instance = lambda s: f"{s.precinct.name} {s.name}"


class BulkEditForm(forms.Form):
    """The change a bulk edit makes (cameras/bulk.py), and why."""

    action = forms.ChoiceField(label=_("Change"), choices=list(bulk.ACTIONS.items()))
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[(v, label) for v, label in CameraStatus.choices if v != CameraStatus.RETIRED],
    )  # fmt: skip
    batch = CodeField(Batch.objects.all(), "code", label=_("Batch code"), required=False)
    site = CodeField(Site.objects.all(), "code", label=_("Site code"), required=False)
    day = RocDateField(label=_("Retired on"), required=False)
    effective_on = EffectiveDayField(
        help_text=_("For a batch or a site: the day the change took effect; empty: today.")
    )
    correction = correction_field(
        _("The records were wrong: rewrite their past (from the day above, else from each "
          "camera's install day).")
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason"), max_length=200)

    VALUE_FIELD = {"status": "status", "batch": "batch", "site": "site", "retire": "day"}

    def clean(self):
        cleaned = super().clean()
        name = self.VALUE_FIELD.get(cleaned.get("action"))
        if name and not cleaned.get(name) and name not in self.errors:
            self.add_error(name, _("Say what to set: this change needs it."))
        return cleaned

    def effective_day(self):
        """Return the day a batch or site change takes effect: the one given, today, or None
        for a correction given none (from each camera's install day)."""
        day = self.cleaned_data.get("effective_on")
        if day is None and not self.cleaned_data.get("correction"):
            day = timezone.localdate()
        return day

    def value(self):
        """Return the value the chosen change sets."""
        return self.cleaned_data[self.VALUE_FIELD[self.cleaned_data["action"]]]
