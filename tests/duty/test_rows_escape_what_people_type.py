"""Rows written in Python (core.listing.RowTable: the duty log, a handover's events)
escape everything people type: log text, names, notes, camera and area names,
corrections, and every field of a handover record."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.duty import at, sign
from watchroom.core.choices import Role
from watchroom.devices.models import Camera
from watchroom.duty import services
from watchroom.duty.models import LogEntry
from watchroom.duty.selectors import handover, log
from watchroom.duty.templatetags.duty_log import EVENTS, LOG, event_rows, log_rows

HOSTILE = "<script>alert('x')</script> & \"q\""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;"


def _hostile(tag: str) -> str:
    """A hostile text that names where it was typed, to find it in the page."""
    return f"{tag}{HOSTILE}"


def _only_escaped(html: str, *tags: str) -> None:
    assert "<script>" not in html
    for tag in tags:
        assert f"{tag}{ESCAPED}" in html, tag


@pytest.fixture
def camera(area):
    area.name = _hostile("area:")
    area.save(update_fields=["name"])
    return Camera.objects.create(code=_hostile("code:"), name=_hostile("camera:"),
                                 area=area)


def test_the_log_rows_escape_text_names_cameras_and_corrections(room, make_staff, camera,
                                                                  system):
    author = make_staff(Role.OPERATOR, rooms=[room], full_name=_hostile("name:")).user
    entry = services.log_entry_write(
        actor=author, room=room, seen=_hostile("seen:"), done=_hostile("done:"),
        told=_hostile("told:"), camera=camera, area=camera.area)
    services.log_entries_lock(actor=system, room=room, until=entry.at)
    services.log_entry_correct(actor=author, entry=entry, seen=_hostile("correction:"),
                               done=_hostile("fixed:"), told=_hostile("told2:"))
    html = str(log_rows(list(log.search(room=room)), author))
    _only_escaped(html, "seen:", "done:", "told:", "name:", "code:", "area:", "correction:",
                  "fixed:", "told2:")
    # the same rows read through the linked user, without the search's annotations
    html = str(log_rows(list(LogEntry.objects.filter(room=room))))
    _only_escaped(html, "seen:", "name:", "code:", "area:")


def test_the_log_page_and_a_log_entry_page_escape_what_was_typed(client, room, make_staff,
                                                                  camera):
    author = make_staff(Role.OPERATOR, rooms=[room], full_name=_hostile("name:")).user
    entry = services.log_entry_write(actor=author, room=room, seen=_hostile("seen:"),
                                     told=_hostile("told:"), camera=camera)
    client.force_login(author)
    for url in (reverse("duty:log", args=[room.pk]), reverse("duty:desk", args=[room.pk]),
                reverse("duty:log_edit", args=[entry.pk])):
        page = client.get(url).content.decode()
        _only_escaped(page.split("<tbody>", 1)[1], "seen:", "told:", "name:", "code:")


def test_the_handover_events_escape_what_was_logged(on_duty, clock, camera):
    clock(7, 45)
    services.log_entry_write(actor=on_duty.night[0], room=on_duty.room, camera=camera,
                             seen=_hostile("seen:"), done=_hostile("done:"))
    events = handover.prefill(on_duty.room)["events"]
    _only_escaped(str(event_rows(events)), "seen:", "done:", "code:")


def test_the_handover_pages_escape_every_field_people_typed(client, on_duty, clock,
                                                            camera):
    clock(7, 45)
    services.log_entry_write(actor=on_duty.night[0], room=on_duty.room, camera=camera,
                             seen=_hostile("seen:"), done=_hostile("done:"))
    client.force_login(on_duty.night[0])
    form = client.get(reverse("duty:handover", args=[on_duty.room.pk])).content.decode()
    _only_escaped(form, "seen:", "done:", "code:")
    record = sign(on_duty, continuing=_hostile("continuing:"),
                  instructions=_hostile("instructions:"),
                  equipment=_hostile("equipment:"), hygiene="attention",
                  hygiene_note=_hostile("hygiene:"),
                  items=[{"name": "钥匙", "count": 2, "ok": False,
                          "note": _hostile("item:")}, {"name": "对讲机", "count": 2}])
    services.handover_refuse(actor=on_duty.day[0], handover=record, password=PASSWORD,
                             reasons=_hostile("reasons:"))
    page = client.get(reverse("duty:handover_detail", args=[record.pk])).content.decode()
    _only_escaped(page, "seen:", "done:", "code:", "continuing:", "instructions:",
                  "equipment:", "hygiene:", "item:", "reasons:")


def test_the_empty_row_spans_every_column_it_counts():
    assert LOG.colspan == LOG.head().count("<th") == 8
    assert f'colspan="{LOG.colspan}"' in str(LOG.rows([]))
    assert f'colspan="{EVENTS.colspan}"' in str(EVENTS.rows([])) and EVENTS.colspan == 5


def test_a_correction_row_is_marked_and_points_at_its_entry(room, make_staff, system):
    author = make_staff(Role.OPERATOR, rooms=[room]).user
    entry = services.log_entry_write(actor=author, room=room, seen="巡查", at=at(3))
    services.log_entries_lock(actor=system, room=room, until=entry.at)
    fixed = services.log_entry_correct(actor=author, entry=entry, seen="巡查，已更正")
    html = str(log_rows(list(log.search(room=room))))
    assert f'<tr data-entry="{fixed.pk}" class="correction">' in html
    assert f'<tr data-entry="{entry.pk}">' in html
