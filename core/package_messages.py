"""The messages of the admin screens that installed packages write and translate into no
Traditional Chinese: django-axes (the sign-in records) ships no zh_Hant catalogue and
django-simple-history (the change history) only zh_Hans, and Django does not fall back from
one to the other.

Marked here so that makemessages keeps them in locale/zh_Hant, whose catalogue Django merges
over the packages' own; nothing calls this module. tests/test_admin_translations.py checks
that every message of those screens has its translation.
"""

from django.utils.translation import gettext_noop as _

AXES = (
    # models: the names of the records and their fields
    _("access attempt"), _("access attempts"), _("access failure"), _("access failures"),
    _("access log"), _("access logs"), _("Access Attempt"), _("access attempt expiration"),
    _("access attempt expirations"), _("User Agent"), _("IP Address"),
    _("HTTP Accept"), _("Path"), _("Attempt Time"), _("Access lock out"), _("GET Data"),
    _("POST Data"), _("Failed Logins"), _("Expires At"),
    _("The time when access attempt expires and is no longer valid."), _("Logout Time"),
    _("Session key hash (sha256)"),
    # admin: sections, the locked-out filter, the action
    _("Form Data"), _("Meta Data"), _("Locked Out"), _("Clean up expired attempts"),
    _("Not set"), _("Attempt Remaining"),
)  # fmt: skip

SIMPLE_HISTORY = (
    # admin: the titles of the history screens and the message after a save
    _("View history: %s"), _("Revert %s"),
    _('The %(name)s "%(obj)s" was changed successfully.'), _("You may edit it again below"),
    # models: what each version records
    _("Created"), _("Changed"), _("Deleted"), _("Deleted %(type_name)s"),
    # templates: the list of versions and one version's page
    _("Object"), _("Comment"), _("Changed by"), _("Change reason"), _("Changes"),
    _("This object doesn't have a change history."),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("View %(verbose_name)s"), _("Revert %(verbose_name)s"), _("Revert"), _("Change History"),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Press the 'Change History' button below to edit the history."),
)  # fmt: skip

DJANGO = (
    # the title of Django's own history screen (precincts, users, sign-in records) in the app's
    # word, as django-simple-history's screens say it (Django's catalogue: 修改歷史)
    _("Change history: %s"),
)
