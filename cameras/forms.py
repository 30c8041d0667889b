"""Forms for creating, editing and replacing cameras and sites."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leases.models import Batch

from .fields import RocDateField
from .models import Camera, Site


class CodeField(forms.ModelChoiceField):
    """Pick a row by typing its unique code (thousands of sites do not fit in a select)."""

    widget = forms.TextInput

    def __init__(self, queryset, field, **kwargs):
        super().__init__(queryset, to_field_name=field, **kwargs)
        self.error_messages["invalid_choice"] = _("No such code: %(value)s.")

    def prepare_value(self, value):
        if isinstance(value, int):
            obj = self.queryset.filter(pk=value).first()
            return getattr(obj, self.to_field_name, value)
        return super().prepare_value(value)


class VersionedForm(forms.ModelForm):
    """Carries the row's version from the page that opened it to the save (see versioning.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is not None:
            self.instance.version = version


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
        if self.old.status == "retired":
            raise ValidationError(_("Camera %(tag)s is retired already.") % {"tag": self.old})
        if Camera.objects.filter(replaces=self.old).exists():
            raise ValidationError(
                _("Camera %(tag)s has been replaced already.") % {"tag": self.old}
            )
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
