"""The published plan (民國111年施政計畫) as data: precincts, batches, lease ends, the budget.

Loaded by seed_demo; the synthetic cameras that reproduce the plan's figures are built by
synthetic.py beside this file.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from leases.models import BatchKind, FundingSource

# (code, name, district, latitude, longitude, weight of sites)
PRECINCTS = [
    ("TY", "桃園分局", "桃園區", 24.9936, 121.3010, 20),
    ("ZL", "中壢分局", "中壢區", 24.9656, 121.2248, 18),
    ("PZ", "平鎮分局", "平鎮區", 24.9296, 121.2165, 9),
    ("BD", "八德分局", "八德區", 24.9285, 121.2845, 9),
    ("DX", "大溪分局", "大溪區", 24.8806, 121.2869, 5),
    ("YM", "楊梅分局", "楊梅區", 24.9076, 121.1456, 8),
    ("LZ", "蘆竹分局", "蘆竹區", 25.0453, 121.2918, 7),
    ("DY", "大園分局", "大園區", 25.0645, 121.1962, 5),
    ("GS", "龜山分局", "龜山區", 24.9925, 121.3380, 8),
    ("LT", "龍潭分局", "龍潭區", 24.8640, 121.2160, 6),
    ("XW", "新屋分局", "新屋區", 24.9722, 121.1060, 5),
]


def demo_stations(district: str) -> list[str]:
    """Synthetic police stations (派出所) of a precinct: the plan lists none, so the demo names
    three after its district (桃園一派出所…), which no real station is called."""
    place = district.removesuffix("區")
    return [f"{place}{number}派出所" for number in "一二三"]


ROADS = [
    "中正路",
    "中山路",
    "民生路",
    "民族路",
    "復興路",
    "介壽路",
    "成功路",
    "建國路",
    "中華路",
    "延平路",
    "永安路",
    "三民路",
    "和平路",
    "光明路",
    "自強路",
    "忠孝路",
    "仁愛路",
    "信義路",
    "環中東路",
    "環北路",
    "春日路",
    "大興路",
    "文化路",
    "大同路",
    "中豐路",
    "龍東路",
    "經國路",
]

SELF_BUILT_LIFE_NOTE = "服務年限 5 年為示範假設：計畫書未載明年限，僅稱 104 年攝影機已逾年限。"


@dataclass(frozen=True)
class BatchSpec:
    code: str
    name: str
    kind: str
    procured_roc_year: int | None
    contracted_count: int | None
    lease_end: datetime.date | None
    service_life_years: int | None
    notes: str = ""
    # the plan's fiscal-111 amount ÷ (cameras × 12): what a camera costs a month (NTD)
    monthly_rate_ntd: Decimal | None = None


BATCHES = [
    BatchSpec(
        "SELF-104-107",
        "104–107 年天羅地網自建案",
        BatchKind.SELF_BUILT,
        104,
        1789,
        None,
        5,
        "219 處路口監控點、8 處無線網路中繼站與光纖網路骨幹，由維護保養案維護。"
        + SELF_BUILT_LIFE_NOTE,
    ),
    BatchSpec(
        "LEASE-105",
        "105 年監視錄影系統租賃案",
        BatchKind.LEASE,
        105,
        2096,
        datetime.date(2023, 8, 31),
        None,
        monthly_rate_ntd=Decimal("1875"),
    ),
    BatchSpec(
        "LEASE-106",
        "106 年監視錄影系統租賃案",
        BatchKind.LEASE,
        106,
        3700,
        datetime.date(2024, 11, 30),
        None,
        monthly_rate_ntd=Decimal("1875"),
    ),
    BatchSpec(
        "LEASE-107",
        "107 年監視錄影系統租賃案",
        BatchKind.LEASE,
        107,
        3700,
        datetime.date(2025, 9, 30),
        None,
        monthly_rate_ntd=Decimal("1875"),
    ),
    BatchSpec(
        "LEASE-108",
        "108 年監視錄影系統租賃案",
        BatchKind.LEASE,
        108,
        3700,
        datetime.date(2026, 11, 30),
        None,
        monthly_rate_ntd=Decimal("1875"),
    ),
    BatchSpec(
        "LEASE-109",
        "109 年監視錄影系統租賃案",
        BatchKind.LEASE,
        109,
        3750,
        datetime.date(2025, 12, 31),
        None,
        monthly_rate_ntd=Decimal("2887.2076"),
    ),
    BatchSpec(
        "LEASE-110",
        "110 年度監視錄影系統租賃案（新設及汰換）",
        BatchKind.LEASE,
        110,
        1600,
        None,
        None,
        "新設 772 支、汰換 828 支。計畫書未載明租期屆滿日。",
        monthly_rate_ntd=Decimal("3196.875"),
    ),
    BatchSpec(
        "LEASE-111",
        "111 年重劃區、新闢及聯外道路與分局需求新設攝影機租賃案",
        BatchKind.LEASE,
        111,
        100,
        None,
        None,
        "計畫書未載明租期屆滿日。示範資料：100 支於 111 年 10 月、11 月各裝設 50 支，計 250 "
        "攝影機月，以每支每月 2,606.4 元計，合計畫書之 651.6 千元（計畫書未載明月租與裝設月份）。",
        monthly_rate_ntd=Decimal("2606.4"),
    ),
    BatchSpec(
        "SELF-111",
        "111 年天羅地網自建案（汰換 104 年攝影機）",
        BatchKind.SELF_BUILT,
        111,
        300,
        None,
        5,
        "以百萬畫素、耐高溫日曬並具智慧分析功能之數位攝影機汰換 104 年攝影機 300 支，"
        "原路口重新布建；經費並支應伺服器汰換。" + SELF_BUILT_LIFE_NOTE,
    ),
    BatchSpec(
        "UNATTRIBUTED",
        "來源未明（計畫書未歸屬之 3,314 支）",
        BatchKind.UNATTRIBUTED,
        None,
        None,
        None,
        None,
        "計畫書總數 22,049 支減各案合計 18,735 支之差額，待查明所屬案別。",
    ),
]

MAINTENANCE = "天羅地網監視錄影系統維護保養案"
DATA_CENTRE = "天羅地網資訊機房維護保養計畫"

# (batch code or None, contract, amount in thousand NTD, funding source, purpose)
BUDGET_111 = [
    (
        None,
        MAINTENANCE,
        "37000",
        FundingSource.CITY_BUDGET,
        "104 至 107 年建置案 219 處路口監控點設備、1,789 支攝影機、8 處無線網路中繼站與光纖網路骨幹"
        "及其設備之維護保養",
    ),
    (
        "LEASE-105",
        "",
        "47160",
        FundingSource.CITY_BUDGET,
        "105 年租賃案 2,096 支，租期至 112 年 8 月 31 日",
    ),
    (
        "LEASE-106",
        "",
        "83250",
        FundingSource.CITY_BUDGET,
        "106 年租賃案 3,700 支，租期至 113 年 11 月 30 日",
    ),
    (
        "LEASE-107",
        "",
        "83250",
        FundingSource.CITY_BUDGET,
        "107 年租賃案 3,700 支，租期至 114 年 9 月 30 日",
    ),
    (
        "LEASE-108",
        "",
        "83250",
        FundingSource.CITY_BUDGET,
        "108 年租賃案 3,700 支，租期至 115 年 11 月 30 日",
    ),
    (
        "LEASE-109",
        "",
        "129924.342",
        FundingSource.CITY_BUDGET,
        "109 年租賃案 3,750 支，租期至 114 年 12 月 31 日",
    ),
    (
        "LEASE-110",
        "",
        "61380",
        FundingSource.CITY_BUDGET,
        "110 年租賃案 1,600 支（新設 772 支、汰換 828 支）",
    ),
    (
        "LEASE-111",
        "",
        "651.6",
        FundingSource.CITY_BUDGET,
        "重劃區、新闢及聯外道路及各分局新設攝影機需求 100 支",
    ),
    (
        "SELF-111",
        "",
        "120000",
        FundingSource.CENTRAL_SUBSIDY,
        "汰換 104 年攝影機 300 支，並配合 IE 停止服務修改系統程式、汰換伺服器及相關設備",
    ),
    (
        None,
        DATA_CENTRE,
        "4686",
        FundingSource.CITY_BUDGET,
        "機房保固至 110 年 12 月 31 日止，續行維護保養",
    ),
]
BUDGET_FISCAL_YEAR = 111
