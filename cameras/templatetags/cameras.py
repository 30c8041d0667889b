"""Template tags of the camera pages: one row of the camera list."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.cells import Bool, Date
from core.roc import format_roc
from core.templatetags.register import roc_time
from core.yesno import yes_no

from ..columns import LISTED

register = template.Library()

# How the list shows a column that is more than its value: a link, a name beside the code.
SHOWN = {
    "asset_tag": lambda c, urls: format_html(
        '<th scope="row"><a href="{}">{}</a></th>', urls["camera"].format(c.pk), c.asset_tag
    ),
    "site": lambda c, urls: format_html(
        '<td><a href="{}">{}</a> {}</td>', urls["site"].format(c.site_id), c.site.code,
        c.site.name,
    ),
    "precinct": lambda c, urls: format_html("<td>{}</td>", c.precinct.name),
    "installed_on": lambda c, urls: format_html(
        '<td><span class="gap">{}</span> <small>{}</small></td>', _("unknown"),
        _("in service by %(day)s") % {"day": format_roc(c.installed_on)},
    ) if c.install_day_unknown else format_html("<td>{}</td>", roc_time(c.installed_on)),
    "batch": lambda c, urls: format_html(
        '<td><a href="{}">{}</a></td>', urls["batch"].format(c.batch_id), c.batch.code
    ),
    "status": lambda c, urls: format_html(
        '<td><span class="badge status-{}">{}</span></td>', c.status, c.get_status_display()
    ),
}  # fmt: skip


@register.simple_tag
def camera_row(camera, day, selectable=False):
    """Render one row of the camera list: the listed columns (cameras.columns), in order, then
    the lease's end and its days left on `day`, the list's day; first a box to select the
    camera for a bulk edit when `selectable`.

    One tag per row instead of a dozen: the template engine's per-node cost was most of the list
    page's server time (1,000 nodes for 50 rows); format_html escapes as the template would.
    """
    urls = _detail_urls(get_script_prefix())
    cells = []
    if selectable:
        cells.append(format_html(
            '<td class="select"><input type="checkbox" name="pk" value="{}" form="bulk" '
            'aria-label="{}"></td>', camera.pk, _("Select %(tag)s") % {"tag": camera.asset_tag},
        ))  # fmt: skip
    for column in LISTED:
        show = SHOWN.get(column.name)
        if show is not None:
            cells.append(show(camera, urls))
            continue
        value = getattr(camera, column.name)
        if isinstance(column.cell, Bool):
            cells.append(format_html("<td>{}</td>", yes_no(value)))
        elif isinstance(column.cell, Date):
            cells.append(format_html("<td>{}</td>", roc_time(value)))
        else:
            cells.append(format_html("<td>{}</td>", value))
    cells.append(lease_end_cell(camera.batch, day))
    return mark_safe("<tr>" + "".join(cells) + "</tr>")  # noqa: S308  (each cell escaped)


def lease_end_cell(batch, day) -> str:
    """The lease's end (ROC) and the days left on `day`; — for a self-built batch."""
    if not batch.is_lease:
        return mark_safe("<td>—</td>")
    if batch.end is None:
        return format_html('<td><span class="gap">{}</span></td>', _("not stated"))
    left = batch.days_left(day)
    if left < 0:
        note = ngettext("ended %(n)s day ago", "ended %(n)s days ago", -left) % {"n": f"{-left:,}"}
    else:
        note = ngettext("%(n)s day left", "%(n)s days left", left) % {"n": f"{left:,}"}
    if batch.lease_end is None:  # from its start and term: never shown as stated
        note = f"{_('computed')}, {note}"
    return format_html("<td>{} <small>{}</small></td>", roc_time(batch.end), note)


@lru_cache(maxsize=8)
def _detail_urls(prefix: str) -> dict[str, str]:
    """Return the detail URLs as format strings: reverse() once, not three times a row."""
    marker = 987654321
    names = {
        "camera": "cameras:camera_detail",
        "site": "cameras:site_detail",
        "batch": "leases:batch_detail",
    }
    return {
        key: reverse(name, args=[marker]).replace(str(marker), "{}") for key, name in names.items()
    }
