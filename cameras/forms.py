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
    version_field = "version"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[self.version_field].initial = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        version = self.cleaned_data.get(self.version_field)
        if self.instance.pk and version is not None:
            self.instance.version = version


class VersionedAdminForm(VersionedForm):
    """The admin's edit forms, with the same check and the stale edit shown as a form error.

    The field has another name because the admin lists a form's declared fields among the
    model's, and Django refuses the non-editable `version` model field there.
    """

    version = None
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version_field = "opened_version"

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get(self.version_field)
        if self.instance.pk and opened is not None:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            if not current.filter(version=opened).exists():
                raise ValidationError(
                    _(
                        "%(object)s was changed by someone else after you opened it; nothing "
                        "was saved. Open it again to see the change."
                    )
                    % {"object": self.instance},
                    code="stale",
                )
        return cleaned


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
