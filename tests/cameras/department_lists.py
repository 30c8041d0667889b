"""Made-up lists shaped like the ones police departments publish (issue 14), for the tests.

Two shapes: a city list (編號 `LAAA001-01`, 所屬單位 `大安分局 和平東路派出所`, 安裝地址, 攝影方向),
and a county list (名稱 `104-重_006`, 分局, 設置地點, TWD97 X/Y metres, 類型). Deterministic: the
same arguments give the same bytes, and the counts a test expects are worked out here.
"""

import csv
import io
from collections import Counter

from openpyxl import Workbook

CITY_HEADER = ["編號", "所屬單位", "安裝地址", "攝影方向"]
CITY_UNITS = [
    ("大安分局", "和平東路派出所"), ("大安分局", "新生南路派出所"),
    ("大安分局", "敦化南路派出所"), ("中正第一分局", "南昌街派出所"),
    ("中正第一分局", "公園路派出所"), ("萬華分局", "西園路派出所"),
    ("萬華分局", "桂林路派出所"), ("萬華分局", ""),  # a unit cell with only a precinct
]  # fmt: skip
ROADS = ["民生西路", "寧夏路", "南京東路二段", "新生北路", "和平東路一段", "羅斯福路三段"]
POINTS = ["東", "西", "南", "北", "東北", "西北", "東南", "西南", "北北西", "南南東"]
CAMERAS_AT_A_SITE = 4


def city_rows(n: int) -> list[list[str]]:
    """`n` cameras, four to a site: one site per unit and address."""
    rows = []
    for i in range(n):
        site = i // CAMERAS_AT_A_SITE
        precinct, station = CITY_UNITS[site % len(CITY_UNITS)]
        unit = f"{precinct} {station}" if station else precinct
        place = ROADS[site % len(ROADS)]
        address = f"{place}{site + 1}號" if site % 3 else f"{place}{site + 1}號燈桿"
        code = f"LA{chr(65 + site // 676 % 26)}{chr(65 + site // 26 % 26)}{chr(65 + site % 26)}"
        tag = f"{code}{site % 1000:03d}-{i % CAMERAS_AT_A_SITE + 1:02d}"
        rows.append([tag, unit, address, POINTS[i % len(POINTS)]])
    return rows


def city_counts(rows) -> dict:
    """What importing the city list must make: cameras by precinct and by station, sites."""
    by_precinct, by_station, sites = Counter(), Counter(), set()
    for _tag, unit, address, _point in rows:
        precinct, _sep, station = unit.partition(" ")
        by_precinct[precinct] += 1
        if station:
            by_station[precinct, station] += 1
        sites.add((unit, address))
    return {"by_precinct": by_precinct, "by_station": by_station, "sites": len(sites)}


COUNTY_HEADER = ["名稱", "分局", "設置地點", "X", "Y", "類型"]
COUNTY_PRECINCTS = ["中壢分局", "平鎮分局", "楊梅分局"]  # the demo register's own precincts


def county_rows(n: int) -> list[list]:
    """`n` cameras named by batch year and type, placed in TWD97 metres, two to a site."""
    rows = []
    for i in range(n):
        site = i // 2
        kind = "重" if i % 3 else "車牌"
        x = 262_000 + (site % 200) * 25.5  # within 中壢 and 平鎮
        y = 2_756_000 + (site // 200) * 40.25
        use = "車牌辨識" if kind == "車牌" else "一般"
        rows.append([f"104-{kind}_{i + 1:04d}", COUNTY_PRECINCTS[site % 3],
                     f"環中東路{site + 1}號前", x, y, use])  # fmt: skip
    return rows


def as_csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(header: list[str], rows, *, sheet: str = "監視器清冊", merged: str = "") -> bytes:
    """A workbook of one sheet (write-only: the tests' files are made in flat memory too);
    `merged`, a range such as "B1:C1", merges header cells as some departments' lists do."""
    if merged:  # write-only sheets cannot merge
        book = Workbook()
        sheet_ = book.active
        sheet_.title = sheet
        sheet_.append(header)
        for row in rows:
            sheet_.append(row)
        sheet_.merge_cells(merged)
    else:
        book = Workbook(write_only=True)
        sheet_ = book.create_sheet(sheet)
        sheet_.append(header)
        for row in rows:
            sheet_.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
