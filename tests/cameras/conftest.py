"""Fixtures of the camera tests."""

import datetime
from decimal import Decimal

import pytest

from cameras.management import story, synthetic
from cameras.models import Camera, Precinct, Site
from leases.models import Batch

TRICKY_NAMES = {
    "ZZ-1": '=HYPERLINK("http://x","y")',
    "ZZ-2": "中正路, 與「民生路」口\n第二行",
    "ZZ-3": "\t+886 3 333 3333",
    "ZZ-4": "-5 號",
    "ZZ-5": '@SUM(1+1) "quoted"',
    "ZZ-6": "\rline",
}


@pytest.fixture
def tricky():
    """Sites whose names Excel would run or split, each with a camera in the ZL precinct."""
    precinct = Precinct.objects.get(code="ZL")
    batch = Batch.objects.get(code="LEASE-109")
    cameras = []
    for number, (code, name) in enumerate(TRICKY_NAMES.items(), 1):
        site = Site.objects.create(
            code=code,
            name=name,
            precinct=precinct,
            latitude=Decimal("24.5"),
            longitude=Decimal("-121.000001"),
        )
        cameras.append(
            Camera.objects.create(
                asset_tag=f"ZZ-CAM-{number}",
                site=site,
                batch=batch,
                is_lane=True,
                has_lpr=number % 2 == 1,
                installed_on=datetime.date(2021, 7, 31),
                resolution_mp=Decimal("4.0"),
                data_source="manual",
            )
        )
    old = cameras[1]
    old.status, old.retired_on = "retired", datetime.date(2022, 1, 1)
    old.save()
    Camera.objects.create(
        asset_tag="-ZZ-CAM-7",
        site=old.site,
        batch=batch,
        installed_on=datetime.date(2022, 1, 1),
        replaces=old,
        data_source="manual",
    )
    return cameras


@pytest.fixture(scope="module")
def register():
    """The synthetic register as the generator built it, its sites in the precincts the story
    moved them to on 113/01/01: an expectation independent of SQL."""
    built = synthetic.build_register()
    for old, new in story.TRANSFERS:
        for site in sorted((s for s in built.sites if s.precinct == old), key=lambda s: s.index)[
            story.FIRST :: story.ONE_IN
        ]:
            site.was, site.precinct = old, new  # its code still begins with the old one
    return built
