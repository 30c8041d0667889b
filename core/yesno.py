"""Yes and no: the one vocabulary the register reads (forms, filters, files) and shows."""

from django.utils.functional import lazy
from django.utils.translation import gettext

# What staff and their spreadsheets write; case does not matter.
TRUE = frozenset({"true", "yes", "y", "1", "是"})
FALSE = frozenset({"false", "no", "n", "0", "否"})


def parse_yes_no(text: str) -> bool:
    """Return True or False for a written yes or no; raise ValueError for anything else."""
    value = str(text).strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(text)


def yes_no(value: bool | None) -> str:
    """Return yes or no in the user's language (是 / 否), "" for no value."""
    if value is None:
        return ""
    yes, no = gettext("yes,no").split(",")
    return yes if value else no


yes_no_lazy = lazy(yes_no, str)
