"""Synthetic camera records that reproduce the plan's figures (the plan lists no camera).

Camera-level records are synthetic and say so in `data_source`. They are built so that the
register reproduces the plan's figures exactly:

- on 2021-07-31: 22,049 cameras, 14,807 lane cameras, 12,978 with LPR (58.86 %, 87.65 %);
- on 2022-12-31: 22,921, after the 110 lease (772 new, 828 replacements), the 111 lease (100 new)
  and the 111 self-built batch (300 replacements of 104-era cameras).

Every copy (`--scale`) uses the same dates and flags with distinct asset tags and sites, so a
copy multiplies every figure and nothing else.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import CameraStatus
from .plan import PRECINCTS, ROADS


@dataclass
class DemoSite:
    index: int
    precinct: str
    name: str
    address: str
    latitude: Decimal
    longitude: Decimal


@dataclass
class DemoCamera:
    index: int
    batch: str
    site: int
    is_lane: bool
    has_lpr: bool
    installed_on: datetime.date
    resolution_mp: Decimal
    smart: bool = False
    status: str = CameraStatus.IN_SERVICE
    retired_on: datetime.date | None = None
    replaces: int | None = None
    serial: int = 0  # the number in the asset tag, per batch


@dataclass
class DemoRegister:
    sites: list[DemoSite] = field(default_factory=list)
    cameras: list[DemoCamera] = field(default_factory=list)


# (batch, cameras, lane with LPR, lane without LPR, cameras per site, first and last install day,
#  megapixels, smart analysis). Chosen so the plan's 2021-07-31 figures add up exactly:
# lane 1,073 + 1,600 + 2,600 + 2,600 + 2,700 + 2,900 + 1,334 = 14,807;
# LPR 1,200 + 2,600 + 2,600 + 2,700 + 2,900 + 978 = 12,978.
FLEET_2021 = [
    ("SELF-104-107", 1789, 0, 1073, None, (2016, 1, 5), (2018, 12, 20), "1.3", False),
    ("LEASE-105", 2096, 1200, 400, 6, (2016, 2, 1), (2016, 12, 20), "2.0", False),
    ("LEASE-106", 3700, 2600, 0, 6, (2017, 2, 1), (2017, 12, 20), "2.0", False),
    ("LEASE-107", 3700, 2600, 0, 6, (2018, 2, 1), (2018, 12, 20), "2.0", False),
    ("LEASE-108", 3700, 2700, 0, 6, (2019, 2, 1), (2019, 12, 20), "3.0", True),
    ("LEASE-109", 3750, 2900, 0, 6, (2020, 2, 1), (2020, 12, 20), "4.0", True),
    ("UNATTRIBUTED", 3314, 978, 356, 4, (2013, 1, 2), (2021, 6, 30), "2.0", False),
]
SELF_BUILT_SITES = 219
SELF_BUILT_104_CAMERAS = 600  # installed in ROC 104 (2015); 300 of them are replaced in 2022


def _day(rng: random.Random, first: tuple, last: tuple) -> datetime.date:
    start, end = datetime.date(*first), datetime.date(*last)
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


class _Builder:
    def __init__(self):
        self.rng = random.Random(20210731)
        self.register = DemoRegister()
        self.serials: dict[str, int] = {}
        weights = [p[5] for p in PRECINCTS]
        self._precinct_choices = self.rng.choices(range(len(PRECINCTS)), weights, k=20_000)

    def site(self) -> int:
        index = len(self.register.sites)
        code, _name, district, lat, lon, _w = PRECINCTS[self._precinct_choices[index]]
        road, cross = self.rng.sample(ROADS, 2)
        self.register.sites.append(
            DemoSite(
                index=index,
                precinct=code,
                name=f"{road}與{cross}口",
                address=f"桃園市{district}{road}與{cross}交叉口",
                latitude=Decimal(f"{lat + self.rng.uniform(-0.025, 0.025):.6f}"),
                longitude=Decimal(f"{lon + self.rng.uniform(-0.025, 0.025):.6f}"),
            )
        )
        return index

    def camera(self, batch: str, site: int, **values) -> DemoCamera:
        self.serials[batch] = self.serials.get(batch, 0) + 1
        camera = DemoCamera(
            index=len(self.register.cameras),
            batch=batch,
            site=site,
            serial=self.serials[batch],
            **values,
        )
        self.register.cameras.append(camera)
        return camera


def build_register() -> DemoRegister:
    """Return the synthetic register: same input, same output, every time."""
    b = _Builder()
    rng = b.rng
    for code, count, lane_lpr, lane_plain, per_site, first, last, mp, smart in FLEET_2021:
        if per_site is None:  # the self-built batch: 1,789 cameras at exactly 219 sites
            sites = [b.site() for _ in range(SELF_BUILT_SITES)]
            site_of = [sites[i % SELF_BUILT_SITES] for i in range(count)]
        else:
            sites = [b.site() for _ in range(-(-count // per_site))]
            site_of = [sites[i // per_site] for i in range(count)]
        for i in range(count):
            if code == "SELF-104-107" and i < SELF_BUILT_104_CAMERAS:
                installed = _day(rng, (2015, 3, 1), (2015, 12, 20))
            else:
                installed = _day(rng, first, last)
            has_lpr = i < lane_lpr
            b.camera(
                code,
                site_of[i],
                is_lane=i < lane_lpr + lane_plain,
                has_lpr=has_lpr,
                installed_on=installed,
                resolution_mp=Decimal(mp),
                smart=smart and has_lpr,
            )

    # A few cameras of the older leases are reported faulty: still in service, still counted.
    for camera in b.register.cameras[::97]:
        camera.status = CameraStatus.FAULTY

    # 110 lease, 2021-08-01 .. 2021-12-31: 828 replacements of unattributed cameras without LPR,
    # then 772 new cameras at new sites. Every new lane camera has LPR.
    old = [c for c in b.register.cameras if c.batch == "UNATTRIBUTED" and not c.has_lpr]
    for victim in old[:828]:
        _replace(b, victim, "LEASE-110", _day(rng, (2021, 8, 1), (2021, 12, 31)), "4.0")
    _new_cameras(b, "LEASE-110", 772, lane=500, first=(2021, 8, 1), last=(2021, 12, 31), mp="4.0")
    # 111 lease: 100 new cameras during 2022, half in October and half in November: with the
    # rate the batch states, the 250 camera-months bill the plan's 651.6 thousand NTD.
    _new_cameras(b, "LEASE-111", 100, lane=60, first=(2022, 1, 10), last=(2022, 12, 20), mp="4.0")
    for n, camera in enumerate(b.register.cameras[-100:]):  # the draws stay as they were
        camera.installed_on = datetime.date(2022, 10 + n % 2, 1 + n // 2 % 28)
    # 111 self-built: 300 megapixel cameras at the same intersections as 104-era ones.
    old_104 = [c for c in b.register.cameras if c.batch == "SELF-104-107"][:SELF_BUILT_104_CAMERAS]
    for victim in old_104[::2]:
        _replace(b, victim, "SELF-111", _day(rng, (2022, 3, 1), (2022, 11, 30)), "5.0")
    return b.register


def _replace(b: _Builder, victim: DemoCamera, batch: str, day: datetime.date, mp: str):
    victim.status, victim.retired_on = CameraStatus.RETIRED, day
    b.camera(
        batch,
        victim.site,
        is_lane=victim.is_lane,
        has_lpr=victim.is_lane,
        installed_on=day,
        resolution_mp=Decimal(mp),
        smart=True,
        replaces=victim.index,
    )


def _new_cameras(b: _Builder, batch: str, count: int, *, lane: int, first, last, mp: str):
    sites = [b.site() for _ in range(-(-count // 4))]
    for i in range(count):
        b.camera(
            batch,
            sites[i // 4],
            is_lane=i < lane,
            has_lpr=i < lane,
            installed_on=_day(b.rng, first, last),
            resolution_mp=Decimal(mp),
            smart=True,
        )
