"""Compass points as staff write them: Chinese names, codes, degrees; anything else refused."""

import pytest
from django.utils import translation

from core.compass import CODES, POINTS, DirectionError, parse_direction

NOT_A_POINT = (
    "“%s” is not a compass point: write one of 北, 北北東, 東北, 東北東, 東, … 北北西, its code "
    "(N, NNE, NE, … NNW) or degrees from 0 to 360."
)


@pytest.mark.parametrize(("code", "chinese"), [point[:2] for point in POINTS])
def test_every_point_by_its_chinese_name_its_code_and_its_degrees(code, chinese):
    degrees = CODES.index(code) * 22.5
    assert parse_direction(chinese) == code
    assert parse_direction(code.lower()) == code
    assert parse_direction(f"{degrees:g}") == code
    assert parse_direction(f"{degrees:g}°") == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("北東", "NE"), ("南東", "SE"), ("南西", "SW"), ("北西", "NW"),  # the other order
        ("东北", "NE"), ("ＮＥ", "NE"), (" 東北方 ", "NE"), ("東北向", "NE"), ("西南方向", "SW"),
        ("0", "N"), ("11.24", "N"), ("11.25", "NNE"), ("348.74", "NNW"), ("348.75", "N"),
        ("360", "N"), ("200", "SSW"), ("３３７．５", "NNW"),
    ],
)  # fmt: skip
def test_ways_of_writing_a_point_and_the_nearest_point_of_a_bearing(text, code):
    assert parse_direction(text) == code


@pytest.mark.parametrize(
    "text", ["東北北", "北東北", "上", "-1", "-0.01", "360.01", "1E2", "nan", ""]
)
def test_a_text_that_names_no_point_is_refused_saying_how_to_write_one(text):
    with translation.override("en"), pytest.raises(DirectionError) as refused:
        parse_direction(text)
    assert str(refused.value) == NOT_A_POINT % text


def test_the_refusal_in_chinese():
    with translation.override("zh-hant"), pytest.raises(DirectionError) as refused:
        parse_direction("上")
    assert str(refused.value) == (
        "「上」不是方位：請寫北、北北東、東北、東北東、東、…、北北西之一，或其代碼"
        "（N、NNE、NE、…、NNW），或 0 到 360 的度數。"
    )
