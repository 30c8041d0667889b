"""Template filters for the register: ROC dates and shares."""

from django import template
from django.utils.html import format_html

from cameras.roc import format_roc, format_roc_long

register = template.Library()


@register.filter
def roc(day):
    """Render a date as 112/08/31, or an empty string."""
    return format_roc(day) if day else ""


@register.filter
def roc_long(day):
    return format_roc_long(day) if day else ""


@register.filter
def roc_time(day):
    """Render a date as <time datetime="2023-08-31">112/08/31</time>, Gregorian on hover."""
    if not day:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        day.isoformat(),
        day.isoformat(),
        format_roc(day),
    )


@register.filter
def pct(value):
    """Render a share as "58.86 %", or an em dash when there is no figure."""
    return "—" if value is None else f"{value} %"


@register.inclusion_tag("includes/bar.html")
def bar(value):
    """Draw a share as a bar in inline SVG: no script, no style attribute (CSP-safe)."""
    return {"value": value, "width": 0 if value is None else value}


@register.filter
def money(value):
    """Render an exact amount with grouped thousands and no trailing zeros: 129,924.342."""
    if value is None or value == "":
        return "—"
    return format(value.normalize(), ",f")
