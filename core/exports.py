"""The change history as a CSV file, for auditors: one row per changed field."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import history
from .csvfile import csv_chunks
from .generic import BadParameter, CsvView, date_param, today


def history_filters(params) -> dict:
    """Read the history's filters (?since= &until= &user= &type= &change_set=), for the file and
    the Audit page; refuse bad ones. A change set is of cameras: it keeps only their rows."""
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
    change_set = params.get("change_set", "").strip() or None
    if change_set:
        try:
            history.CHANGE_SET(change_set)
        except ValidationError as error:
            raise BadParameter(f"change_set: {error.messages[0]}") from None
        types = [t for t in types if history.has_change_sets(history.history_types()[t][0])]
        if not types:  # type=site&change_set=…: nothing could ever match; say why
            raise BadParameter(
                _("change_set: a change set holds cameras and sites; choose camera or site.")
            )
    return {
        "types": types, "since": since, "until": until, "username": username,
        "change_set": change_set,
    }  # fmt: skip


class HistoryExportView(CsvView):
    """Every recorded change, one row per changed field, filtered as history_filters() reads."""

    permission_required = history.HISTORY_PERMISSION

    def export(self, params, *, bom):
        rows = history.history_rows(**history_filters(params))
        return f"history_{today().isoformat()}.csv", csv_chunks(
            history.HISTORY_COLUMNS, rows, bom=bom
        )
