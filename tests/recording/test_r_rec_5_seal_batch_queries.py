"""R-REC-5: segments sealed together are catalogued as each would be on its own (its
row, its audit event, an open gap closed, a moment already recorded refused), with
the cameras, the catalogue around them and the open gaps read once for the batch,
not once per segment."""

import datetime as dt

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from watchroom.audit import chain
from watchroom.audit.models import AuditEvent
from watchroom.recording import services
from watchroom.recording.models import Gap, Segment
from watchroom.recording.services.gaps import gap_open

from ..conftest import SYSTEM

T0 = dt.datetime(2024, 3, 1, 8, tzinfo=dt.UTC)


def fields(camera, start, seconds=10, n=0):
    return {"camera_id": camera.pk, "start": start,
            "end": start + dt.timedelta(seconds=seconds),
            "relpath": f"{camera.code}/{start:%H%M%S}-{n}.mp4", "size": 1000 + n,
            "sha256": f"{n:064x}"}


def test_r_rec_5_a_batch_of_eight_costs_a_few_queries_per_segment(make_camera):
    cameras = [make_camera() for _ in range(8)]
    batch = [fields(c, T0, n=i) for i, c in enumerate(cameras)]
    with CaptureQueriesContext(connection) as queries:
        results = services.segment_seal_batch(actor=SYSTEM, segments=batch)
    assert all(isinstance(r, Segment) for r in results)
    # Each segment's audit event takes its own round trips (the chain's head); all the
    # rest is read and written once for the batch. Sealed one by one: 12 per segment.
    assert len(queries) <= 3 * len(batch) + 8, [q["sql"] for q in queries]
    assert Segment.objects.count() == 8
    events = AuditEvent.objects.filter(action="recording.segment_sealed")
    assert sorted(int(e.target_id) for e in events) == sorted(r.pk for r in results)
    assert chain.verify().ok


def test_r_rec_5_a_batch_closes_an_open_gap_and_refuses_a_moment_already_recorded(
        make_camera, system):
    gapped, twice = make_camera(), make_camera()
    with transaction.atomic():
        gap_open(actor=system, camera=gapped, since=T0 - dt.timedelta(minutes=5))
    batch = [fields(gapped, T0, n=1), fields(twice, T0, n=2),
             fields(twice, T0 + dt.timedelta(seconds=5), n=3),   # overlaps the one before
             fields(twice, T0 + dt.timedelta(seconds=2), seconds=6, n=4)]  # wholly covered
    results = services.segment_seal_batch(actor=SYSTEM, segments=batch)
    assert [type(r).__name__ for r in results] == [
        "Segment", "Segment", "Segment", "RuleViolation"]
    assert results[2].start == T0 + dt.timedelta(seconds=10)  # begins where the first ends
    gap = Gap.objects.get(camera=gapped)
    assert gap.end == T0
    assert AuditEvent.objects.filter(action="recording.gap_closed").count() == 1
    assert AuditEvent.objects.filter(action="recording.segment_sealed").count() == 3
    assert AuditEvent.objects.filter(action="rule.refused").count() == 1
    assert list(Segment.objects.filter(camera=twice).values_list("start", "end")) == [
        (T0, T0 + dt.timedelta(seconds=10)),
        (T0 + dt.timedelta(seconds=10), T0 + dt.timedelta(seconds=15))]
    assert chain.verify().ok
