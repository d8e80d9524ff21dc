"""The image checks give a verdict on any picture (any size, any content) and never
crash; a stricter threshold never passes a picture a looser one failed."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from watchroom.health.images import FAILS_BELOW, ORDER, Thresholds, check_image

ANY_CHANNELS = st.sampled_from([None, 3, 4])


def pictures(channels=ANY_CHANNELS):
    @st.composite
    def build(draw):
        height = draw(st.integers(1, 90))
        width = draw(st.integers(1, 120))
        shape = (height, width) if (c := draw(channels)) is None else (height, width, c)
        return draw(arrays(np.uint8, shape, elements=st.integers(0, 255)))
    return build()


@settings(max_examples=60, deadline=None)
@given(picture=pictures(), reference=pictures(), earlier=st.lists(pictures(), max_size=3))
def test_any_picture_gets_a_verdict_for_every_check(picture, reference, earlier):
    result = check_image(picture, reference=reference, earlier=earlier)
    assert [v.check for v in result.verdicts] == list(ORDER)
    for verdict in result.verdicts:
        if verdict.check == "frozen" and not earlier:
            assert verdict.status == "skipped"
        else:
            assert verdict.status in ("pass", "fail")
            assert np.isfinite(verdict.score)
    assert result.fault is None or result.fault in result.failed


@settings(max_examples=40, deadline=None)
@given(picture=pictures(channels=st.just(3)), check=st.sampled_from(ORDER),
       factor=st.floats(1.0, 4.0))
def test_a_stricter_threshold_never_passes_what_a_looser_failed(picture, check, factor):
    base = getattr(Thresholds(), check)
    stricter = base * factor if check in FAILS_BELOW else base / factor
    earlier = [picture[::-1].copy()]
    loose = check_image(picture, earlier=earlier, reference=picture)
    strict = check_image(picture, earlier=earlier, reference=picture,
                         thresholds=Thresholds.of({check: stricter}))
    if loose[check].ok is False:
        assert strict[check].ok is False
    assert strict[check].score == loose[check].score


def test_a_site_cannot_set_a_threshold_that_does_not_exist():
    import pytest

    with pytest.raises(ValueError, match="unknown thresholds: sharpnes"):
        Thresholds.of({"sharpnes": 1})
