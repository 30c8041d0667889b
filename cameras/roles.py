"""The four roles of the register, as Django groups, and the permissions each one holds.

Migration 0005 creates the groups from ROLES; views check permissions, never group names, so
a role can be changed here (and in a new migration) without touching a view.
"""

ADMINISTRATOR = "管理者"
EDITOR = "承辦人"
AUDITOR = "稽核"
VIEWER = "檢視"

REGISTER_MODELS = [
    ("cameras", "camera"), ("cameras", "site"), ("cameras", "precinct"),
    ("leases", "batch"), ("leases", "budgetline"),
]  # fmt: skip
AUDIT_MODELS = [("cameras", "importrecord"), ("cameras", "exportrecord")]

READ = [f"{app}.view_{model}" for app, model in REGISTER_MODELS]
EDIT = [
    f"{app}.{action}_{model}"
    for app, model in REGISTER_MODELS
    if model != "precinct"
    for action in ("add", "change")
]
EXPORT = ["cameras.export_csv"]
HISTORY = ["cameras.view_history", *(f"{app}.view_{model}" for app, model in AUDIT_MODELS)]
IMPORT = ["cameras.import_cameras"]

# Administrators hold every permission (they also run the Django admin); see the migration.
ROLES = {
    EDITOR: READ + EDIT + EXPORT + IMPORT + HISTORY,
    AUDITOR: READ + EXPORT + HISTORY,
    VIEWER: READ,
}


def is_administrator(user) -> bool:
    """Return whether the user may use the Django admin."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists())
