"""Forms for batches."""

from core.forms import RocDateField, VersionedForm

from .models import Batch

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
