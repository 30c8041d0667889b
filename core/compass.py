"""The 16 compass points a camera faces, read as staff write them: 北北東, NNE or 22.5 (degrees).

Lists written by hand name the point in Chinese (`東北`, `北北西`), as its code (`NE`) or in
degrees from north, clockwise. A two-character point written in the other order (`北東` for
`東北`) is read as the standard point: the order is a habit, the direction is not in doubt.
Anything else (`東北北`, `上`) is refused with the points it may be. Hand-written: no maintained
library reads Chinese compass points.
"""

from decimal import Decimal, InvalidOperation
from unicodedata import normalize

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# The points clockwise from north: code, as written in Traditional Chinese, and as shown.
POINTS = (
    ("N", "北", pgettext_lazy("direction", "north")),
    ("NNE", "北北東", pgettext_lazy("direction", "north-northeast")),
    ("NE", "東北", pgettext_lazy("direction", "northeast")),
    ("ENE", "東北東", pgettext_lazy("direction", "east-northeast")),
    ("E", "東", pgettext_lazy("direction", "east")),
    ("ESE", "東南東", pgettext_lazy("direction", "east-southeast")),
    ("SE", "東南", pgettext_lazy("direction", "southeast")),
    ("SSE", "南南東", pgettext_lazy("direction", "south-southeast")),
    ("S", "南", pgettext_lazy("direction", "south")),
    ("SSW", "南南西", pgettext_lazy("direction", "south-southwest")),
    ("SW", "西南", pgettext_lazy("direction", "southwest")),
    ("WSW", "西南西", pgettext_lazy("direction", "west-southwest")),
    ("W", "西", pgettext_lazy("direction", "west")),
    ("WNW", "西北西", pgettext_lazy("direction", "west-northwest")),
    ("NW", "西北", pgettext_lazy("direction", "northwest")),
    ("NNW", "北北西", pgettext_lazy("direction", "north-northwest")),
)
CHOICES = [(code, label) for code, _chinese, label in POINTS]  # a model field's choices
CODES = tuple(code for code, _chinese, _label in POINTS)
STEP = Decimal("22.5")  # degrees between neighbouring points
SIMPLIFIED = str.maketrans("东", "東")  # the one character of the points Simplified writes apart
READ = {
    **{code: code for code in CODES},
    **{chinese: code for code, chinese, _label in POINTS},
    # the other order of the intercardinal points
    **{chinese[::-1]: code for code, chinese, _label in POINTS if len(chinese) == 2},
}


class DirectionError(ValueError):
    """A text that names no compass point; the message is for the user."""


def parse_direction(text: str) -> str:
    """Return the code (N, NNE, … NNW) of the point `text` names: a Chinese name, a code in any
    case, or degrees from 0 to 360 (`45`, `45°`), rounded to the nearest point (a degree half
    way between two points goes to the one clockwise: 11.25 is NNE)."""
    written = normalize("NFKC", text).strip().upper().translate(SIMPLIFIED)
    written = written.removesuffix("向").removesuffix("方")  # 東北方向, 東北方, 東北向
    if written in READ:
        return READ[written]
    try:
        degrees = None if "E" in written else Decimal(written.removesuffix("°").strip())
    except InvalidOperation:  # 1E2 is no way to write degrees
        degrees = None
    if degrees is None or not degrees.is_finite() or not 0 <= degrees <= 360:
        raise DirectionError(
            _(
                "“%(text)s” is not a compass point: write one of 北, 北北東, 東北, 東北東, 東, … "
                "北北西, its code (N, NNE, NE, … NNW) or degrees from 0 to 360."
            )
            % {"text": text}
        )
    return CODES[int((degrees + STEP / 2) // STEP) % len(CODES)]
