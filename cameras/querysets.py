"""The register's rules, each named once: which cameras count on a day, which are past life."""

import datetime

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from leases.models import Batch
from leases.querysets import lease_ended_q


def in_service_q(on: datetime.date, prefix: str = "") -> Q:
    """Return the condition for a camera counting on day `on`.

    A camera counts when it was installed on or before the day and not retired on or before it.
    The one statement of the rule: camera lists, the coverage roll-up (whose rows keep
    9999-12-31 as the retire day of cameras in service) and every page count by it. `prefix`
    reaches the camera through a relation, e.g. "cameras__" from a site.
    """
    return Q(**{f"{prefix}installed_on__lte": on}) & (
        Q(**{f"{prefix}retired_on__isnull": True}) | Q(**{f"{prefix}retired_on__gt": on})
    )


def service_lives() -> list[tuple[int, int]]:
    """Return (batch pk, service life in years) for the batches that have a service life."""
    return list(
        Batch.objects.filter(service_life_years__isnull=False).values_list(
            "pk", "service_life_years"
        )
    )


def past_service_life_q(on: datetime.date, batches, prefix: str = "") -> Q:
    """Return the condition for a camera past its batch's service life on day `on`.

    `batches` are (pk, service_life_years) pairs; one date bound per batch keeps the test
    index-friendly and portable (no date arithmetic in SQL). Installed on or before the day
    `years` before `on`: a camera of 5 years' life installed on 2016-07-31 is past it on
    2021-07-31.
    """
    condition = Q(pk__in=[])
    for batch_pk, years in batches:
        if years:
            condition |= Q(
                **{
                    f"{prefix}batch_id": batch_pk,
                    f"{prefix}installed_on__lte": _years_before(on, years),
                }
            )
    return condition


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


class CameraQuerySet(models.QuerySet):
    def in_service(self, *, on: datetime.date):
        """Return the cameras that count on day `on`."""
        return self.filter(in_service_q(on))

    def past_service_life(self, *, on: datetime.date):
        """Return the cameras in service on `on` that have outlived their batch's service life."""
        return self.in_service(on=on).filter(past_service_life_q(on, service_lives()))

    def on_ended_leases(self, *, on: datetime.date):
        """Return the cameras in service on `on` whose lease ended before that day."""
        return self.in_service(on=on).filter(lease_ended_q(on, prefix="batch__"))


class SiteQuerySet(models.QuerySet):
    def with_camera_count(self):
        """Annotate camera_count: the cameras that ever hung at the site.

        A correlated subquery, so a page of 50 sites counts the cameras of 50 sites, not of all.
        """
        cameras = self.model._meta.get_field("cameras").related_model.objects
        per_site = (
            cameras.filter(site=OuterRef("pk"))
            .order_by()
            .values("site")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(camera_count=Coalesce(Subquery(per_site), 0))
