"""Template filters every page uses: ROC dates, yes/no, shares, money."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qsl

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone, translation
from django.utils.html import format_html

from core.figures import pct_text
from core.roc import ROC_OFFSET, format_roc, format_roc_long
from core.yesno import yes_no

register = template.Library()


def _safely(formatter, day):
    """Format a date the ROC way; a day before ROC year 1 (entered in the admin) stays ISO."""
    if not day:
        return ""
    try:
        return formatter(day)
    except ValueError:
        return day.isoformat()


@register.filter
def roc(day):
    """Render a date as 112/08/31, or an empty string."""
    return _safely(format_roc, day)


@register.filter
def roc_month(day):
    """Render a date's month as staff write it: 116/01; an empty string for none."""
    if not day:
        return ""
    return f"{day.year - ROC_OFFSET:03d}/{day.month:02d}"


def _chinese() -> bool:
    return (translation.get_language() or "zh").startswith("zh")


@register.filter
def aside(text):
    """Put `text` in brackets after what comes before it: " (text)" on English pages, "（text）"
    on Chinese ones, where half-width brackets beside Chinese read as a slip of the keyboard."""
    if text in (None, ""):
        return ""
    return format_html("（{}）", text) if _chinese() else format_html(" ({})", text)


@register.filter
def roc_long(day):
    """民國112年8月31日 on Chinese pages; ROC 112/08/31 on English ones (年月日 read in English)."""
    if not _chinese():
        return _safely(lambda d: f"ROC {format_roc(d)}", day)
    return _safely(format_roc_long, day)


@register.filter
def roc_datetime(moment):
    """Render a moment in Taipei time as 115/11/26 18:02, ISO on hover."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{} {}</time>',
        local.isoformat(timespec="minutes"),
        _safely(format_roc, local.date()),
        local.strftime("%H:%M"),
    )


@register.filter
def query_text(query):
    """Show a recorded query string as people write it: as_of=110/07/31 · precinct=1."""
    pairs = parse_qsl(query or "", keep_blank_values=True)
    return " · ".join(f"{name}={value}" for name, value in pairs)


@register.filter
def roc_time(day):
    """Render a date as <time datetime="2023-08-31">112/08/31</time>, Gregorian on hover."""
    if not day:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        day.isoformat(),
        day.isoformat(),
        roc(day),
    )


@register.filter
def pct(value):
    """Render a share as "58.86 %", or an em dash when there is no figure."""
    return pct_text(value)


@register.inclusion_tag("includes/bar.html")
def bar(value):
    """Draw a share as a bar in inline SVG: no script, no style attribute (CSP-safe)."""
    return {"value": value, "width": 0 if value is None else value}


# Amounts are thousand NTD kept to the dollar: every amount shows three decimals, so a column
# of them lines up on the decimal point and reads as its CSV cell does (651.600, not 651.6).
MONEY_PLACES = Decimal("0.001")


@register.filter
def money(value):
    """Render an amount in thousand NTD with grouped thousands and three decimals: 47,160.000,
    129,924.342; an em dash when there is none."""
    if value is None or value == "":
        return "—"
    return format(Decimal(value).quantize(MONEY_PLACES), ",f")


@register.filter
def money_difference(value):
    """Render a difference of amounts (thousand NTD) with its sign, — when there is none to
    compare: +1,234.500, -0.400, 0.000."""
    if value is None:
        return "—"
    text = money(value)
    return f"+{text}" if value > 0 else text


@register.filter
def ntd(value):
    """Render an amount in NTD as staff write it: grouped thousands, the decimals it has
    (1,875; 2,887.2076); an em dash when there is none."""
    if value is None or value == "":
        return "—"
    return format(Decimal(value).normalize(), ",f")


@register.filter
def difference(value):
    """Render a difference with its sign (+3, -370) only when there is one: nothing for 0, so
    a column of them shows the rows that differ; an em dash when there is nothing to compare."""
    if value is None:
        return "—"
    return f"{value:+,d}" if value else ""


@register.filter(name="yes_no")
def yes_no_filter(value):
    """Render a yes/no as the register shows it everywhere (是 / 否)."""
    return yes_no(value)


@register.filter
def delta(change, record):
    """A field's change in django-simple-history's list, "old → new": values as shown(), but a
    related row's id as it is (12345 is a row, not a count of 12,345)."""
    fields = record.instance_type._meta.concrete_fields  # a change names its field as shown
    named = {str(f.verbose_name): f for f in fields} | {f.name: f for f in fields}
    model_field = named.get(str(change["field"]))
    related = model_field is not None and model_field.is_relation
    show = (lambda v: "—" if v is None else str(v)) if related else shown
    return format_html("{}&nbsp;&rarr;&nbsp;&nbsp;{}", show(change["old"]), show(change["new"]))


@register.filter
def shown(value):
    """Render a stored value as the register shows it: an ROC date or moment, a count with
    grouped thousands (24,049), an exact amount, 是 / 否; nothing is an em dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return roc_datetime(value)
    if isinstance(value, datetime.date):
        return roc_time(value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return intcomma(value)
    if isinstance(value, Decimal):  # as stored: 83,250.000 thousand NTD, 24.918717°
        return format(value, ",f")
    return value
