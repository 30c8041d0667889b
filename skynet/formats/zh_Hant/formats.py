"""Number formats as Taiwan's government writes them: 22,049 (Django's zh_Hant groups nothing)."""

from django.conf.locale.zh_Hant.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
