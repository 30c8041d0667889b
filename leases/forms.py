"""Forms for batches and replacement scenarios."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _

from core.forms import RocDateField, VersionedForm

from .models import Batch, Scenario

BILLING = ("billing_start", "billing_rule")


class BatchForm(VersionedForm):
    lease_start = RocDateField(required=False)
    lease_end = RocDateField(required=False)

    class Meta:
        model = Batch
        fields = [
            "code", "name", "kind", "procured_roc_year", "vendor", "contracted_count",
            "lease_start", "lease_end", "term_months", "monthly_rate_ntd", "billing_start",
            "billing_rule", "contract_number", "funding_source", "service_life_years", "notes",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lease_start", "lease_end"):
            self.fields[name].label = Batch._meta.get_field(name).verbose_name
            self.fields[name].help_text = Batch._meta.get_field(name).help_text
        for name in BILLING:  # a batch that is not a lease has no use for them
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in BILLING:  # left out: the defaults (from the lease's start, whole months)
            if not cleaned.get(name):
                cleaned[name] = Batch._meta.get_field(name).default
        return cleaned


class ScenarioForm(VersionedForm):
    start = RocDateField()

    class Meta:
        model = Scenario
        fields = [
            "name", "batches", "precincts", "camera_count", "monthly_rate_ntd", "start",
            "term_months", "notes",
        ]  # fmt: skip
        widgets = {"batches": CheckboxSelectMultiple, "precincts": CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].label = Scenario._meta.get_field("start").verbose_name
        self.fields["start"].help_text = _("The first day of its first month, e.g. 116/01/01.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("batches") and cleaned.get("camera_count") is None:
            raise ValidationError(_("Choose the batches it replaces, or state its cameras."))
        return cleaned


class ApproveForm(forms.Form):
    """Turn an approved scenario into a lease batch: its code, the rest from the scenario."""

    code = forms.CharField(label=_("code of the new batch"), max_length=40)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Batch.objects.filter(code__iexact=code).exists():
            raise ValidationError(_("A batch with this code exists already."))
        return code
