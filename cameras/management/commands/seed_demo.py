"""Load the published plan and synthetic camera records that reproduce its figures."""

import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cameras import rollup, states
from cameras.management import plan, story, synthetic
from cameras.models import (
    Camera,
    CoverageChange,
    CoverageRollup,
    DataSource,
    Precinct,
    Site,
    SiteKind,
    Station,
)
from core.bulk import insert_rows, next_id, reset_sequences
from leases.models import Batch, BudgetLine, FundingSource

SITE_COLUMNS = [
    "id", "code", "name", "address", "precinct_id", "station_id", "kind", "latitude", "longitude",
]  # fmt: skip
CAMERA_COLUMNS = [
    "id",
    "asset_tag",
    "site_id",
    "precinct_id",
    "station_id",
    "batch_id",
    "is_lane",
    "has_lpr",
    "has_vehicle_attributes",
    "has_trajectory",
    "has_target_alert",
    "resolution_mp",
    "installed_on",
    "retired_on",
    "status",
    "replaces_id",
    "data_source",
]
COPY_STRIDE = 100_000  # asset tag and site numbers of copy k start at k * COPY_STRIDE + 1


class Command(BaseCommand):
    help = (
        "Load the batches, lease end dates and fiscal-111 budget of the published plan, and "
        "synthetic cameras that reproduce its figures. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Copies of the demo cameras (distinct asset tags and sites); 45 ≈ 1,000,000.",
        )

    def handle(self, *args, scale: int, **options):
        if not 1 <= scale < 1000:
            raise CommandError("--scale must be between 1 and 999.")
        started = time.monotonic()
        with transaction.atomic():
            precincts = self.load_precincts()
            stations = self.load_stations(precincts)
            batches = self.load_batches()
            self.load_budget(batches)
        register = synthetic.build_register()
        added = 0
        for copy in range(scale):
            with transaction.atomic():
                added += self.load_copy(copy, register, precincts, stations, batches)
        if added:
            reset_sequences(Site, Camera)
            compact_rollup()
        self.stdout.write(
            f"seed_demo: {added:,} cameras added, {Camera.objects.count():,} in the register "
            f"({time.monotonic() - started:.1f} s)."
        )

    def load_precincts(self) -> dict[str, int]:
        for position, (code, name, *_) in enumerate(plan.PRECINCTS, start=1):
            Precinct.objects.get_or_create(code=code, defaults={"name": name, "position": position})
        return dict(Precinct.objects.values_list("code", "pk"))

    def load_stations(self, precincts: dict[str, int]) -> dict[str, list[int]]:
        """Give each precinct its synthetic stations; return their ids by precinct code."""
        for code, _name, district, *_ in plan.PRECINCTS:
            for number, name in enumerate(plan.demo_stations(district), start=1):
                Station.objects.get_or_create(
                    code=f"{code}{number:02d}",
                    defaults={"name": name, "precinct_id": precincts[code], "position": number},
                )
        found = {}
        for pk, code in Station.objects.order_by("position", "code").values_list(
            "pk", "precinct__code"
        ):
            found.setdefault(code, []).append(pk)
        return found

    def load_batches(self) -> dict[str, int]:
        for spec in plan.BATCHES:
            Batch.objects.get_or_create(
                code=spec.code,
                defaults={
                    "name": spec.name,
                    "kind": spec.kind,
                    "procured_roc_year": spec.procured_roc_year,
                    "contracted_count": spec.contracted_count,
                    "lease_end": spec.lease_end,
                    "service_life_years": spec.service_life_years,
                    "notes": spec.notes,
                    "monthly_rate_ntd": spec.monthly_rate_ntd,
                    # every lease of the plan is paid from the city budget
                    "funding_source": FundingSource.CITY_BUDGET if spec.monthly_rate_ntd else "",
                },
            )
        return dict(Batch.objects.values_list("code", "pk"))

    def load_budget(self, batches: dict[str, int]):
        for batch_code, contract, amount, source, purpose in plan.BUDGET_111:
            BudgetLine.objects.get_or_create(
                batch_id=batches[batch_code] if batch_code else None,
                contract=contract,
                fiscal_year=plan.BUDGET_FISCAL_YEAR,
                funding_source=source,
                defaults={"amount_thousand_ntd": Decimal(amount), "purpose": purpose},
            )

    def load_copy(self, copy, register, precincts, stations, batches) -> int:
        """Write one copy of the synthetic register unless it is there already."""
        offset = copy * COPY_STRIDE
        first = register.cameras[0]
        if Camera.objects.filter(asset_tag=_tag(first, offset)).exists():
            return 0
        site_base, camera_base = next_id(Site), next_id(Camera)
        insert_rows(
            Site,
            SITE_COLUMNS,
            (
                (
                    site_base + s.index,
                    f"{s.precinct}-{offset + s.index + 1:06d}",
                    s.name,
                    s.address,
                    precincts[s.precinct],
                    _station(stations, s.precinct, s.index),
                    SiteKind.INTERSECTION,
                    s.latitude,
                    s.longitude,
                )
                for s in register.sites
            ),
        )
        insert_rows(
            Camera,
            CAMERA_COLUMNS,
            (
                (
                    camera_base + c.index,
                    _tag(c, offset),
                    site_base + c.site,
                    precincts[register.sites[c.site].precinct],
                    _station(stations, register.sites[c.site].precinct, c.site),
                    batches[c.batch],
                    c.is_lane,
                    c.has_lpr,
                    c.smart,
                    c.smart or c.has_lpr,
                    c.smart,
                    c.resolution_mp,
                    c.installed_on,
                    c.retired_on,
                    c.status,
                    None if c.replaces is None else camera_base + c.replaces,
                    DataSource.SYNTHETIC,
                )
                for c in register.cameras
            ),
        )
        sites = Site.objects.filter(pk__gte=site_base)
        states.begin_sites(sites)
        cameras = Camera.objects.filter(pk__gte=camera_base)
        states.start(cameras)
        story.tell(cameras, sites)
        rollup.add(cameras)
        return len(register.cameras)


def _station(stations: dict[str, list[int]], precinct: str, site: int) -> int | None:
    """The station of a demo site: its precinct's, in turn by the site's number."""
    found = stations.get(precinct)
    return found[site % len(found)] if found else None


def compact_rollup():
    """Rewrite the roll-up and its changes by day compactly on PostgreSQL (not inside a
    transaction), then mark their pages all-visible for index-only scans.

    Each copy of the demo register updates every one of their rows, so at --scale 45 the
    tables are mostly old row versions (the changes by day: 50 MiB for 16,920 rows), and every
    coverage figure reads them all; rewritten, they are about 1 MiB each.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model in (CoverageRollup, CoverageChange):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
                cursor.execute(f"VACUUM {table}")


def _tag(camera, offset: int) -> str:
    return f"{camera.batch}-{offset + camera.serial:06d}"
