"""Codes (asset tags, site codes): one way to write each, and nothing that cannot be seen.

`ＬＥＡＳＥ-105-000001` (full width), ` LEASE-105-000001 ` and `LEASE-105-000001` are one code;
a code with a zero-width space, a right-to-left override or a control character in it is
refused, since it looks like another and is not. Uniqueness ignores case (a database index on
the upper-case code), so `lease-105-000001` cannot sit beside `LEASE-105-000001`.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

# Control, format (zero-width, bidi overrides), private, unassigned, line and paragraph marks.
UNSEEN = frozenset({"Cc", "Cf", "Co", "Cn", "Zl", "Zp"})


def normalise_code(text: str) -> str:
    """Return a code as the register keeps it: NFKC, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def unseen_characters(code: str) -> list[str]:
    """Return the characters of a code that cannot be seen, as U+XXXX."""
    if code.isascii() and code.isprintable():  # every ASCII character but controls is seen
        return []
    return [
        f"U+{ord(char):04X}"
        for char in code
        if unicodedata.category(char) in UNSEEN or (char.isspace() and char != " ")
    ]


def check_code(code: str):
    """Refuse a code holding characters that cannot be seen (ValidationError)."""
    unseen = unseen_characters(code)
    if unseen:
        raise ValidationError(
            _("holds characters that cannot be seen (%(chars)s); type the code again."),
            code="unseen",
            params={"chars": ", ".join(unseen)},
        )


class CodeField(models.CharField):
    """A code column: normalised when a form or the admin cleans it, unseen characters refused."""

    default_validators = [check_code]

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_code(value) if isinstance(value, str) else value


def unique_ignoring_case(field: str, name: str, message) -> models.UniqueConstraint:
    """The database's rule that no two rows' codes differ only in case."""
    return models.UniqueConstraint(Upper(field), name=name, violation_error_message=message)
