"""ONVIF Profile G: gaps inside a recording's span, from a real recorder's search service on
loopback: its recording-history events (FindEvents for the track and recording state
topics, GetEventSearchResults page by page until Completed, EndSearch) turned into gaps;
short gaps left out, the asked window and recordings kept to, a recorder without event
search said so, and the test recorder's event answers valid against ONVIF's schema."""

import datetime as dt

import pytest
from lxml import etree

from tests.health.test_onvif_recordings import ask, search_schema  # noqa: F401 (fixture)
from tests.support.onvif_device import OnvifDevice, Recording, Track
from watchroom.health.onvif import OnvifError, RecordingGap, recording_gaps

NOW = dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def at(hours: float, seconds: float = 0) -> dt.datetime:
    return NOW - dt.timedelta(hours=hours) + dt.timedelta(seconds=seconds)


@pytest.fixture
def recorder():
    with OnvifDevice(username="admin", password="secret") as d:
        d.recordings = [
            Recording("REC1", "CAM1", tracks=[
                Track("VIDEO001", "Video", at(48), NOW, gaps=[
                    (at(30), at(29)),  # before the window asked
                    (at(5), at(4)),
                    (at(3), at(3, seconds=20)),  # a short one
                    (at(1), None)]),  # still absent
                Track("AUDIO001", "Audio", at(48), NOW, gaps=[(at(6), at(5.5))])]),
            Recording("REC2", "CAM2", tracks=[
                Track("VIDEO001", "Video", at(48), NOW, gaps=[(at(2), at(1.5))])],
                stops=[(at(10), at(9))]),
        ]
        yield d


def gaps(recorder, **kwargs):
    return recording_gaps(recorder.address, "admin", "secret",
                          **{"since": NOW - DAY, "until": NOW, "min_gap_s": 60, **kwargs})


def test_the_gaps_inside_the_spans_are_found_and_the_search_ended(recorder):
    assert gaps(recorder) == [
        RecordingGap("REC2", "", at(10), at(9)),  # the recording stopped (IsRecording)
        RecordingGap("REC1", "AUDIO001", at(6), at(5.5)),
        RecordingGap("REC1", "VIDEO001", at(5), at(4)),
        RecordingGap("REC2", "VIDEO001", at(2), at(1.5)),
        RecordingGap("REC1", "VIDEO001", at(1), None),  # open: no data since
    ]
    asked = recorder.event_requests[-1]
    assert "tns1:RecordingHistory/Track/State" in asked["topics"]
    assert "tns1:RecordingHistory/Recording/State" in asked["topics"]
    assert (asked["start"], asked["end"]) == (NOW - DAY, NOW)
    assert recorder.requests[-1] == "EndSearch" and recorder.event_searches == {}


def test_the_results_are_read_page_by_page(recorder):
    recorder.page_size = 2
    gaps(recorder)
    # 11 events in the window, two a page: six pages, the last Completed
    assert recorder.requests.count("GetEventSearchResults") == 6
    recorder.page_size = 100
    recorder.requests.clear()
    assert len(gaps(recorder)) == 5
    assert recorder.requests.count("GetEventSearchResults") == 1


def test_gaps_no_longer_than_the_tolerance_are_left_out(recorder):
    found = gaps(recorder, min_gap_s=20)
    assert RecordingGap("REC1", "VIDEO001", at(3), at(3, seconds=20)) not in found
    found = gaps(recorder, min_gap_s=19)
    assert RecordingGap("REC1", "VIDEO001", at(3), at(3, seconds=20)) in found
    assert [g for g in gaps(recorder, min_gap_s=3599) if g.end is not None] == [
        RecordingGap("REC2", "", at(10), at(9)), RecordingGap("REC1", "VIDEO001", at(5), at(4))]


def test_only_the_window_and_the_recordings_asked(recorder):
    found = gaps(recorder, since=NOW - 2 * DAY, until=at(8), recording_tokens=["REC1"])
    assert found == [RecordingGap("REC1", "VIDEO001", at(30), at(29))]
    assert recorder.event_requests[-1]["recordings"] == ["REC1"]
    # a gap that ends after the window is open as far as the window shows
    assert gaps(recorder, until=at(4.5)) == [
        RecordingGap("REC2", "", at(10), at(9)),
        RecordingGap("REC1", "AUDIO001", at(6), at(5.5)),
        RecordingGap("REC1", "VIDEO001", at(5), None)]
    # one whose start is before the window is not found from its end alone
    assert RecordingGap("REC1", "VIDEO001", at(5), at(4)) not in gaps(recorder, since=at(4.5))


def test_a_recorder_without_event_search_is_said_so(recorder):
    recorder.event_search = False
    with pytest.raises(OnvifError) as unsupported:
        gaps(recorder)
    assert unsupported.value.kind == OnvifError.UNSUPPORTED
    assert "FindEvents" in unsupported.value.detail


def test_the_event_search_needs_the_password(recorder):
    with pytest.raises(OnvifError) as refused:
        recording_gaps(recorder.address, "admin", "wrong", since=NOW - DAY, until=NOW)
    assert refused.value.kind == OnvifError.REFUSED


def test_the_test_recorder_answers_valid_onvif_event_search(recorder, search_schema):  # noqa: F811
    answers = [ask(recorder, "FindEvents", (
        "<tse:StartPoint>2026-11-27T06:00:00Z</tse:StartPoint>"
        "<tse:EndPoint>2026-11-28T06:00:00Z</tse:EndPoint><tse:Scope/>"
        '<tse:SearchFilter><wsnt:TopicExpression xmlns:wsnt="http://docs.oasis-open.org/'
        'wsn/b-2" xmlns:tns1="http://www.onvif.org/ver10/topics" Dialect="http://www.onvif'
        '.org/ver10/tev/topicExpression/ConcreteSet">tns1:RecordingHistory/Track/State'
        "</wsnt:TopicExpression></tse:SearchFilter>"
        "<tse:IncludeStartState>false</tse:IncludeStartState>"
        "<tse:KeepAliveTime>PT10S</tse:KeepAliveTime>"))]
    token = answers[-1][0].text
    answers.append(ask(recorder, "GetEventSearchResults",
                       f"<tse:SearchToken>{token}</tse:SearchToken>"))
    answers.append(ask(recorder, "EndSearch", f"<tse:SearchToken>{token}</tse:SearchToken>"))
    assert len(answers[1][0].findall("{http://www.onvif.org/ver10/schema}Result")) == 2
    for answer in answers:
        search_schema.assertValid(etree.ElementTree(answer))
