"""Template tags for sortable, paginated lists whose state lives in the URL."""

from django import template
from django.utils.html import format_html

from core.saved_views import SHARE_PERMISSION, views_for

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, field, label, css="", unit=""):
    """Render a sortable column's header cell: a link that sorts by `field` (again: the other
    way), and aria-sort on the cell when the list is sorted by it; `unit` under the label
    names what the column's figures count (千元), so its cells hold figures only."""
    query = context["request"].GET.copy()
    current = query.get("sort", "")
    query.pop("page", None)
    if current == field:
        query["sort"], arrow, state = f"-{field}", " ▲", "ascending"
    elif current == f"-{field}":
        query["sort"], arrow, state = field, " ▼", "descending"
    else:
        query["sort"], arrow, state = field, "", ""
    return format_html(
        '<th scope="col"{}{}><a href="?{}">{}{}</a>{}</th>',
        format_html(' class="{}"', css) if css else "",
        format_html(' aria-sort="{}"', state) if state else "",
        query.urlencode(), label, arrow,
        format_html('<br><small class="unit">{}</small>', unit) if unit else "",
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """Return ?<the current filters>&page=<number>."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag
def filters_set(form) -> int:
    """Return how many of a list's filters are set (its order aside)."""
    data = form.data if form.is_bound else {}
    return sum(1 for name in form.fields if name != "sort" and str(data.get(name, "")).strip())


@register.inclusion_tag("includes/saved_views.html", takes_context=True)
def saved_views_menu(context):
    """The list's saved views (the user's own and the shared) and a form to save the current
    filters and sort under a name."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "views": list(views_for(request.user, request.path_info)),
        "path": request.path_info,  # without the prefix the app may be served under
        "query": query.urlencode(),
        "may_share": request.user.has_perm(SHARE_PERMISSION),
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
