"""leases.querysets.procured_by_q: a batch exists from its lease's start, else its ROC year."""

import datetime

import pytest

from leases.models import Batch, BatchKind

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_batch_exists_from_its_lease_start_else_its_roc_year():
    Batch.objects.create(code="T-START", name="t1", kind=BatchKind.LEASE,
                                   procured_roc_year=120, lease_start=D(2030, 3, 1),
                                   lease_end=D(2035, 3, 1))  # fmt: skip
    Batch.objects.create(code="T-YEAR", name="t2", kind=BatchKind.LEASE,
                                   procured_roc_year=119)  # fmt: skip
    Batch.objects.create(code="T-NONE", name="t3", kind=BatchKind.SELF_BUILT)
    ours = Batch.objects.filter(code__startswith="T-")

    def bought(day):
        return set(ours.procured_by(on=day).values_list("code", flat=True))

    assert bought(D(2029, 12, 31)) == {"T-NONE"}
    assert bought(D(2030, 1, 1)) == {"T-NONE", "T-YEAR"}  # ROC 119 begins
    assert bought(D(2030, 2, 28)) == {"T-NONE", "T-YEAR"}  # in ROC 119 but before its start
    assert bought(D(2030, 3, 1)) == {"T-NONE", "T-YEAR", "T-START"}
