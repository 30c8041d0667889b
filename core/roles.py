"""The four roles of the register, as Django groups; views check permissions, never roles.

The groups and what each holds are data, created by cameras migration 0005 and kept by later
migrations; a role changes there, without touching a view.
"""

ADMINISTRATOR = "管理者"
EDITOR = "承辦人"
AUDITOR = "稽核"
VIEWER = "檢視"


def is_administrator(user) -> bool:
    """Return whether the user may use the Django admin."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists())
