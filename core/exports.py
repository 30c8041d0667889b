"""The change history as a CSV file, for auditors: one row per changed field."""

from django.utils.translation import gettext as _

from . import history
from .csvfile import csv_chunks
from .generic import BadParameter, CsvView, date_param, today


def history_filters(params) -> dict:
    """Read the history file's filters (?since= &until= &user= &type=); refuse bad ones."""
    since, until = date_param(params, "since"), date_param(params, "until")
    if since and until and since > until:
        raise BadParameter(_("since: the first day comes after the last (until)."))
    known = list(history.history_types())
    types = [t.strip() for t in params.get("type", "").split(",") if t.strip()] or known
    unknown = [t for t in types if t not in known]
    if unknown:
        raise BadParameter(
            _("type: %(types)s is not one of %(known)s.")
            % {"types": ", ".join(unknown), "known": ", ".join(known)}
        )
    username = params.get("user", "").strip() or None
    return {"types": types, "since": since, "until": until, "username": username}


class HistoryExportView(CsvView):
    """Every recorded change, one row per changed field (?since= &until= &user= &type=)."""

    permission_required = history.HISTORY_PERMISSION

    def export(self, params, *, bom):
        rows = history.history_rows(**history_filters(params))
        return f"history_{today().isoformat()}.csv", csv_chunks(
            history.HISTORY_COLUMNS, rows, bom=bom
        )
