"""Form fields that read dates as staff write them: ROC or Gregorian."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .roc import RocDateError, format_roc, parse_date


class RocDateInput(forms.TextInput):
    """A text box that shows a stored date as 112/08/31."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "112/08/31", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if hasattr(value, "year"):
            return format_roc(value)
        return super().format_value(value)


class RocDateField(forms.DateField):
    """A date field that accepts 112/08/31, 1120831, 民國112年8月31日 or 2023-08-31."""

    widget = RocDateInput
    default_error_messages = {"invalid": _("Enter a date such as 112/08/31 or 2023-08-31.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(value)
        except RocDateError as error:
            raise ValidationError(str(error), code="invalid") from None
