"""Forms for batches."""

from core.forms import RocDateField, VersionedForm

from .models import Batch


class BatchForm(VersionedForm):
    lease_start = RocDateField(required=False)
    lease_end = RocDateField(required=False)

    class Meta:
        model = Batch
        fields = [
            "code", "name", "kind", "procured_roc_year", "vendor", "contracted_count",
            "lease_start", "lease_end", "service_life_years", "notes",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lease_start", "lease_end"):
            self.fields[name].label = Batch._meta.get_field(name).verbose_name
            self.fields[name].help_text = Batch._meta.get_field(name).help_text
