"""Form fields and forms every app shares: ROC dates, the as-of day, codes, yes/no, versions."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .codes import normalise_code
from .roc import RocDateError, format_roc, parse_date
from .yesno import parse_yes_no, yes_no_lazy

DATE_HELP = _("A day as 112/08/31, 1120831 or 2023-08-31.")


class RocDateInput(forms.TextInput):
    """A text box that shows a stored date as 112/08/31. No placeholder: a grey 112/08/31 in
    an empty box read as a value (an in-service camera looked retired); the expected form is
    the field's help text instead (DATE_HELP)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if hasattr(value, "year"):
            return format_roc(value)
        return super().format_value(value)


class RocDateField(forms.DateField):
    """A date field that accepts 112/08/31, 1120831, 民國112年8月31日 or 2023-08-31."""

    widget = RocDateInput
    default_error_messages = {"invalid": _("Enter a date such as 112/08/31 or 2023-08-31.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(value)
        except RocDateError as error:
            raise ValidationError(str(error), code="invalid") from None


class AsOfForm(forms.Form):
    """The day a page's figures are for (?as_of=, ROC or ISO): one parser, one policy.

    Every page, CSV file and admin list that takes a day reads it through this form (see
    core.generic.AsOfMixin and as_of_param) — the camera list and its file through their
    FilterSet's `as_of`, a field of the same kind: an empty box means today in Asia/Taipei; a
    bad day is a 400 that shows the message beside the box, keeps what was typed, and no
    figures.
    """

    as_of = RocDateField(label=_("As of"), required=False)


class CodeField(forms.ModelChoiceField):
    """Pick a row by typing its unique code (thousands of sites do not fit in a select)."""

    widget = forms.TextInput

    def __init__(self, queryset, field, **kwargs):
        super().__init__(queryset, to_field_name=field, **kwargs)
        self.error_messages["invalid_choice"] = _("No such code: %(value)s.")

    def to_python(self, value):
        """Find the row as its code is kept: NFKC, trimmed, without regard to case."""
        if value in self.empty_values:
            return None
        code = normalise_code(str(value))
        try:
            return self.queryset.get(**{f"{self.to_field_name}__iexact": code})
        except (self.queryset.model.DoesNotExist, self.queryset.model.MultipleObjectsReturned):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice",
                params={"value": code},
            ) from None  # fmt: skip

    def prepare_value(self, value):
        if isinstance(value, int):
            obj = self.queryset.filter(pk=value).first()
            return getattr(obj, self.to_field_name, value)
        return super().prepare_value(value)


YES_NO = forms.Select(
    choices=[("", _("Any")), ("true", yes_no_lazy(True)), ("false", yes_no_lazy(False))]
)


class YesNoField(forms.NullBooleanField):
    """Yes or no as core.yesno reads it; anything else is an error, not silently "any"."""

    widget = YES_NO

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return parse_yes_no(value)
        except ValueError:
            raise ValidationError(_("Choose yes (true) or no (false)."), code="invalid") from None

    def validate(self, value):
        pass


CHOOSE = _("Choose…")


def say_choose(form):
    """An empty choice of an edit form says what it asks ("Choose…", 請選擇), not "---------"."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField) and field.choices[:1] == BLANK_CHOICE_DASH:
            field.choices = [("", CHOOSE), *field.choices[1:]]


class VersionedForm(forms.ModelForm):
    """Carries the row's version from the page that opened it to the save (see versioning.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version_field = "version"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_choose(self)
        if self.instance.pk:
            self.fields[self.version_field].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get(self.version_field) is None:
            # Without it no stale save can be told from a fresh one: refuse, never guess.
            raise ValidationError(
                _(
                    "This form came without the version of the record it edits, so a newer "
                    "save could be lost: reload the page and make the change again."
                ),
                code="no_version",
            )
        return cleaned

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


def after_today(day, today) -> str:
    """Say that a change's effective day lies after today."""
    return _(
        "%(day)s is after today (%(today)s): a change is recorded once it took effect."
    ) % {"day": format_roc(day), "today": format_roc(today)}  # fmt: skip


class EffectiveDayField(RocDateField):
    """The day a change took effect (empty: today, for the form to fill in): never after
    today in Asia/Taipei."""

    def __init__(self, *, help_text, **kwargs):
        super().__init__(label=_("Effective on"), required=False, help_text=help_text, **kwargs)

    def validate(self, value):
        super().validate(value)
        today = timezone.localdate()
        if value and value > today:
            raise ValidationError(after_today(value, today), code="after_today")


def correction_field(help_text) -> forms.BooleanField:
    """The box that makes a change a correction of the record."""
    return forms.BooleanField(label=_("This is a correction"), required=False, help_text=help_text)


class EffectiveForm(VersionedForm):
    """An edit that says when it took effect (`effective_on`, today by default), or that it is
    a correction of the record, with its reason (cameras/states.py writes it into the periods).

    The day is not after today, nor before `start_field` (a camera's install day). A new row
    has no past to change: the fields are left out.
    """

    start_field = None

    effective_on = EffectiveDayField(
        help_text=_("The day the change took effect; empty: today. A day as 112/08/31.")
    )
    correction = correction_field(
        _("The record was wrong: rewrite its past (from the day above, else from the start) "
          "instead of recording a change.")
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=100,
        help_text=_("Why the record changes; a correction needs one."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for name in ("effective_on", "correction", "reason"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        day = cleaned.get("effective_on")
        start = cleaned.get(self.start_field) if self.start_field else None
        if day and start and day < start:
            self.add_error("effective_on", _(
                "%(day)s is before the camera was installed (%(start)s)."
            ) % {"day": format_roc(day), "start": format_roc(start)})  # fmt: skip
        if cleaned.get("correction") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the record was wrong: a correction needs it."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk:
            self.instance._effective_on = self.cleaned_data.get("effective_on")
            self.instance._correction = bool(self.cleaned_data.get("correction"))
            reason = self.cleaned_data.get("reason", "").strip()
            if reason:
                self.instance._change_reason = reason
