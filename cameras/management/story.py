"""What the demo register went through after the plan: changes that took effect on their days.

Every change takes effect from 112/07/01 on, after the plan's day (110/07/31) and after the end
of 111 (111/12/31), so none of the figures the seed reproduces moves:

- 112/07/01, 113/07/01 and 114/07/01: the lane cameras without LPR of the 105 lease and of the
  unattributed remainder gain plate recognition (and trajectory search with it), a third each
  time (the plan: 111 年持續增設車牌辨識功能攝影機); the 104-era cameras are replaced instead;
- 113/01/01: precinct boundaries are redrawn: one site in 25 of 中壢分局 passes to 平鎮分局,
  and one in 25 of 桃園分局 to 八德分局, with every camera that hangs there (the sites tests
  and examples use, such as ZL-000001, stay);
- 113/03/01: vehicle type and colour analysis reaches every camera in service that lacks it;
- 114/01/01: real-time target alerts reach every LPR camera in service that lacks them;
- 114/09/01: trajectory search reaches every camera in service that lacks it.
"""

import datetime

from .. import states
from ..models import Camera, Precinct, Site, Station
from ..querysets import in_service_q

D = datetime.date
RETROFITS = (D(2023, 7, 1), D(2024, 7, 1), D(2025, 7, 1))
RETROFITTED = ("LEASE-105", "UNATTRIBUTED")
REDRAWN = D(2024, 1, 1)
TRANSFERS = (("ZL", "PZ"), ("TY", "BD"))
ONE_IN, FIRST = 25, 12  # sites transferred: the 13th, 38th, 63rd… of the precinct's, by code
ROLLOUTS = (
    (D(2024, 3, 1), "has_vehicle_attributes", {}),
    (D(2025, 1, 1), "has_target_alert", {"has_lpr": True}),
    (D(2025, 9, 1), "has_trajectory", {}),
)


def tell(cameras, sites):
    """Write the story into `cameras` and `sites` (one copy of the demo register, querysets),
    set-based: a few statements per change, whatever the number of cameras."""
    lane_without_lpr = cameras.filter(is_lane=True, has_lpr=False, batch__code__in=RETROFITTED)
    pks = list(lane_without_lpr.filter(retired_on__isnull=True).order_by("pk").values_list("pk"))
    for wave, day in enumerate(RETROFITS):
        chosen = Camera.objects.filter(pk__in=[pk for (pk,) in pks[wave :: len(RETROFITS)]])
        states.change(chosen, {"has_lpr": True, "has_trajectory": True}, on=day)
    for day, name, having in ROLLOUTS:
        # what the cameras were on that day: their periods then, not their rows
        lacking = states.on_day(cameras.filter(in_service_q(day)), day).filter(
            **{f"{states.ON_DAY}__{name}": False},
            **{f"{states.ON_DAY}__{key}": value for key, value in having.items()},
        )
        states.change(Camera.objects.filter(pk__in=lacking.values("pk")), {name: True}, on=day)
    precincts = dict(Precinct.objects.values_list("code", "pk"))
    for old, new in TRANSFERS:
        # into the new precinct's first station (none, where it has none)
        station = Station.objects.filter(precinct_id=precincts[new]).values_list("pk").first()
        unit = (precincts[new], station[0] if station else None)
        for site in sites.filter(precinct_id=precincts[old]).order_by("code")[FIRST::ONE_IN]:
            now = states.transfer(site, unit, on=REDRAWN)
            Site.objects.filter(pk=site.pk).update(precinct_id=now[0], station_id=now[1])
    states.follow_sites(cameras)
    states.sync_current(cameras)
