"""The shared plumbing: durable writes, hashing, times and refusals."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from watchroom.core import files, times
from watchroom.core.refusals import refusal_text
from watchroom.rules import RuleViolation


def test_durable_move_never_overwrites_unless_asked(tmp_path):
    (tmp_path / "a").write_bytes(b"one")
    final = tmp_path / "deep" / "er" / "x"
    files.durable_move(tmp_path / "a", final)
    assert final.read_bytes() == b"one"
    (tmp_path / "b").write_bytes(b"two")
    with pytest.raises(FileExistsError):
        files.durable_move(tmp_path / "b", final)
    assert final.read_bytes() == b"one" and (tmp_path / "b").exists()
    files.durable_move(tmp_path / "b", final, replace=True)
    assert final.read_bytes() == b"two"


def test_durable_write_leaves_no_part_file_and_private_mode(tmp_path):
    target = files.durable_write(tmp_path / "k" / "key", b"secret")
    assert target.read_bytes() == b"secret"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["key"]


@given(st.binary(max_size=5000), st.integers(min_value=1, max_value=700))
def test_sha256_file_matches_hashlib_at_any_chunk(tmp_path_factory, data, chunk):
    path = tmp_path_factory.mktemp("h") / "f"
    path.write_bytes(data)
    assert files.sha256_file(path, chunk) == (hashlib.sha256(data).hexdigest(), len(data))
    assert files.sha256_chunks([data[:chunk], data[chunk:]]) == hashlib.sha256(data).hexdigest()


def test_utc_iso_round_trips_with_a_z():
    moment = dt.datetime(2026, 3, 9, 23, 36, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert times.utc_iso(moment) == "2026-03-09T15:36:30Z"
    assert times.parse_iso(times.utc_iso(moment)) == moment


def test_local_text_is_in_the_sites_zone(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    with timezone.override("Asia/Shanghai"):
        moment = dt.datetime(2026, 3, 9, 15, 36, 30, tzinfo=dt.UTC)
        assert times.local_text(moment, "%Y-%m-%d %H:%M:%S") == "2026-03-09 23:36:30"
        assert times.local_text(None) == ""


def test_a_refusal_reads_rule_then_reason():
    assert refusal_text(RuleViolation("R-FOOT-3", "超出批准范围")) == "R-FOOT-3: 超出批准范围"


def test_one_validation_channel_names_the_rule_and_each_field(db):
    from django import forms

    from watchroom.core.models import Site
    from watchroom.core.refusals import form_refusal
    from watchroom.core.validation import full_clean

    site = Site(code="", name="")
    with pytest.raises(RuleViolation) as refused:
        full_clean(site, "R-EQUIP-1", exclude=["policy"], extra={"code": ["重复"]})
    exc = refused.value
    assert exc.rule_id == "R-EQUIP-1" and exc.status == 400
    assert "重复" in exc.fields["code"] and "name" in exc.fields

    class SiteForm(forms.Form):
        code = forms.CharField(required=False)

    form = SiteForm(data={})
    assert form.is_valid()
    form_refusal(form, exc)
    assert "R-EQUIP-1: 重复" in form.errors["code"]
    assert any(e.startswith("R-EQUIP-1:") for e in form.non_field_errors())
