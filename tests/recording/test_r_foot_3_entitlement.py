"""R-FOOT-1, R-FOOT-3: the one access policy (`recording.access.entitlement`) serves
exactly the intersection of the range asked with the grants its providers hold, on the
basis asked, and `entitled_part` refuses anything not wholly inside one span."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchroom.recording import access
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db
ORIGIN = dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
BASES = ("tryout:1", "tryout:2")


def at(second: int) -> dt.datetime:
    return ORIGIN + dt.timedelta(seconds=second)


spans = st.tuples(st.integers(0, 120), st.integers(1, 60)).map(lambda p: (p[0], p[0] + p[1]))
grant_lists = st.lists(st.tuples(spans, st.sampled_from(BASES)), max_size=6)


@pytest.fixture
def camera(make_camera):
    return make_camera()


@pytest.fixture
def operator(user_of):
    return user_of("operator")


@pytest.fixture
def granted(monkeypatch):
    """A provider of the kind `tryout`, registered through the same registry as the
    playback check's and the footage requests'."""
    held: list = []

    def provider(user, camera, *, reference, now):
        return [access.Grant(camera.pk, at(a), at(b), basis) for (a, b), basis in held
                if not reference or basis == f"tryout:{reference}"]

    monkeypatch.setitem(access._providers, "tryout", provider)
    return held


def _covered(pairs, second: int) -> bool:
    return any(a <= second < b for a, b in pairs)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(held=grant_lists, asked=spans, basis=st.sampled_from((None, *BASES)))
def test_r_foot_3_entitlement_is_exactly_the_intersection(camera, granted, operator, held,
                                                          asked, basis):
    granted[:] = held
    user = operator
    entitled = access.entitlement(user, camera, at(asked[0]), at(asked[1]), basis=basis,
                                  now=at(0))
    allowed = [span for span, b in held if basis is None or b == basis]
    served = [((s.start - ORIGIN).total_seconds(), (s.end - ORIGIN).total_seconds())
              for s in entitled.spans]
    for (a, b), (c, _d) in itertools.pairwise(served):
        assert a < b <= c  # in time order, disjoint
    for second in range(0, 200):
        inside = asked[0] <= second < asked[1] and _covered(allowed, second)
        assert _covered(served, second + 0.5) == inside, second
    for span in entitled.spans:  # each span wholly granted on its basis
        own = [pair for pair, b in held if b == span.basis]
        first, last = ((t - ORIGIN).total_seconds() for t in (span.start, span.end))
        assert all(_covered(own, second + 0.5) for second in range(int(first), int(last)))
    for span in entitled.spans:
        assert access.entitled_part(user, camera, span.start, span.end, basis=span.basis,
                                    now=at(0)) == span
    if entitled.empty and basis is not None:
        with pytest.raises(RuleViolation) as refused:
            access.entitled_part(user, camera, at(asked[0]), at(asked[1]), basis=basis,
                                 now=at(0))
        assert refused.value.rule_id == "R-FOOT-3" and refused.value.status == 403


def test_r_foot_3_a_range_crossing_a_grant_edge_is_refused_whole(camera, granted, user_of):
    granted[:] = [((10, 20), "tryout:1")]
    user = user_of("operator")
    assert access.entitled_part(user, camera, at(12), at(20), basis="tryout:1").start == at(12)
    for start, end in ((9, 15), (15, 21), (20, 25), (15, 15)):
        with pytest.raises(RuleViolation):
            access.entitled_part(user, camera, at(start), at(end), basis="tryout:1")
    with pytest.raises(RuleViolation):  # another basis grants nothing here
        access.entitled_part(user, camera, at(12), at(18), basis="tryout:2")
    with pytest.raises(RuleViolation):  # nor does a kind nobody registered
        access.entitled_part(user, camera, at(12), at(18), basis="nothing:1")


def test_r_duty_5_the_playback_check_is_one_provider(camera, user_of, make_camera):
    now = timezone.now()
    operator = user_of("operator")
    minutes = camera.area.site.policy.playback_check_minutes
    assert access.PLAYBACK_CHECK_BASIS in access.grant_kinds()
    assert access.REQUEST_KIND in access.grant_kinds()  # footage lends it in ready()
    entitled = access.entitlement(operator, camera, now - dt.timedelta(hours=1), now,
                                  basis=access.PLAYBACK_CHECK_BASIS, now=now)
    [span] = entitled.spans
    assert span.end == now and span.start.microsecond == 0
    assert dt.timedelta(0) <= span.start - (now - dt.timedelta(minutes=minutes)) \
        < dt.timedelta(seconds=1)
    auditor = user_of("auditor")
    with pytest.raises(RuleViolation) as refused:
        access.entitlement(auditor, camera, now - dt.timedelta(minutes=1), now,
                           basis=access.PLAYBACK_CHECK_BASIS, now=now)
    assert refused.value.rule_id == "R-FOOT-1"
    assert access.entitlement(auditor, camera, now - dt.timedelta(minutes=1), now).empty


def test_r_foot_6_the_playback_check_refuses_a_camera_outside_the_scope(camera, user_of):
    from tests.conftest import SYSTEM
    from watchroom.core import services as core
    from watchroom.core.models import Area

    core.area_update(actor=SYSTEM, area=camera.area, privacy_sensitive=True)
    camera.refresh_from_db()
    outsider, insider = user_of("operator"), user_of("operator")
    Area.objects.get(pk=camera.area_id).knowledge_scope.add(insider)
    now = timezone.now()
    asked = (now - dt.timedelta(minutes=1), now)
    with pytest.raises(RuleViolation) as refused:
        access.entitlement(outsider, camera, *asked, basis=access.PLAYBACK_CHECK_BASIS)
    assert refused.value.rule_id == "R-FOOT-6"
    assert access.entitlement(outsider, camera, *asked).empty
    assert not access.entitlement(insider, camera, *asked,
                                  basis=access.PLAYBACK_CHECK_BASIS).empty
