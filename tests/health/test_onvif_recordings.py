"""ONVIF Profile G against a real recorder's search service on loopback: what a recorder
holds (GetRecordingSummary; FindRecordings, GetRecordingSearchResults page by page until
Completed, EndSearch), the device without a search service, a refused password, and the
test recorder's answers valid against ONVIF's search schema."""

import datetime as dt

import pytest
from lxml import etree

from tests.support.onvif_device import SOAP, OnvifDevice, Recording, Track
from watchroom.health import onvif
from watchroom.health.onvif import OnvifError, recording_spans, recording_summary

NOW = dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def recorder():
    with OnvifDevice(username="admin", password="secret") as d:
        d.recordings = [
            Recording(f"REC{i}", f"CAM{i}", tracks=[
                Track("VIDEO001", "Video", NOW - dt.timedelta(days=i + 1), NOW),
                Track("AUDIO001", "Audio", NOW - dt.timedelta(hours=3),
                      NOW - dt.timedelta(hours=1))])
            for i in range(5)]
        yield d


def test_the_summary_spans_all_recordings(recorder):
    summary = recording_summary(recorder.address, "admin", "secret")
    assert summary.recordings == 5
    assert summary.data_from == NOW - dt.timedelta(days=5) and summary.data_until == NOW


def test_every_track_span_is_found_page_by_page_and_the_search_ended(recorder):
    spans = recording_spans(recorder.address, "admin", "secret")
    assert len(spans) == 10
    assert [s.recording_token for s in spans[::2]] == ["REC0", "REC1", "REC2", "REC3", "REC4"]
    video = [s for s in spans if s.track_type == "Video"]
    assert video[4].source_name == "CAM4" and video[4].track_token == "VIDEO001"
    assert video[4].data_from == NOW - dt.timedelta(days=5) and video[4].data_to == NOW
    assert recorder.requests.count("GetRecordingSearchResults") == 3  # pages of two
    assert recorder.requests[-1] == "EndSearch" and recorder.searches == {}


def test_a_recorder_with_nothing_recorded(recorder):
    recorder.recordings = []
    assert recording_spans(recorder.address, "admin", "secret") == []


def test_a_device_without_a_search_service_is_said_so(recorder):
    recorder.profile_g = False
    with pytest.raises(OnvifError) as no_search:
        recording_spans(recorder.address, "admin", "secret")
    assert no_search.value.kind == OnvifError.ANSWER and "Profile G" in str(no_search.value)


def test_the_search_needs_the_password(recorder):
    with pytest.raises(OnvifError) as refused:
        recording_spans(recorder.address, "admin", "wrong")
    assert refused.value.kind == OnvifError.REFUSED
    with pytest.raises(OnvifError) as refused:
        recording_summary(recorder.address)
    assert refused.value.kind == OnvifError.REFUSED


@pytest.fixture(scope="module")
def search_schema():
    """The search service's schema from ONVIF's WSDL, with the WSDL's namespace
    declarations (its types name `tse:` declared only on the WSDL's root)."""
    path = onvif.WSDL_DIR / "search.wsdl"
    wsdl = etree.parse(str(path))
    schema = wsdl.find(".//{http://www.w3.org/2001/XMLSchema}schema")
    alone = etree.Element(schema.tag, attrib=dict(schema.attrib),
                          nsmap={**wsdl.getroot().nsmap, **schema.nsmap})
    alone.extend(list(schema))
    return etree.XMLSchema(etree.fromstring(etree.tostring(alone), base_url=str(path)))


def ask(device, operation: str, inner: str = "") -> etree._Element:
    request = (f'<s:Envelope xmlns:s="{SOAP}"><s:Header><wsse:Security xmlns:wsse="http://'
               'docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">'
               '<wsse:UsernameToken><wsse:Username>admin</wsse:Username><wsse:Password '
               'Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-'
               'profile-1.0#PasswordText">secret</wsse:Password></wsse:UsernameToken>'
               '</wsse:Security></s:Header><s:Body><tse:' + operation +
               ' xmlns:tse="http://www.onvif.org/ver10/search/wsdl">' + inner +
               f'</tse:{operation}></s:Body></s:Envelope>').encode()
    status, text = device.answer(request)
    assert status == 200, text
    return etree.fromstring(text.encode()).find(f"{{{SOAP}}}Body")[0]


def test_the_test_recorder_answers_valid_onvif_search(recorder, search_schema):
    answers = [ask(recorder, "GetRecordingSummary")]
    answers.append(ask(recorder, "FindRecordings", "<tse:Scope/>"
                       "<tse:KeepAliveTime>PT10S</tse:KeepAliveTime>"))
    token = answers[-1][0].text
    answers.append(ask(recorder, "GetRecordingSearchResults",
                       f"<tse:SearchToken>{token}</tse:SearchToken>"))
    answers.append(ask(recorder, "EndSearch", f"<tse:SearchToken>{token}</tse:SearchToken>"))
    for answer in answers:
        search_schema.assertValid(etree.ElementTree(answer))


def test_a_track_whose_data_stopped_is_stale_in_the_recorders_clock(recorder):
    recorder.recordings[2].tracks[0].data_to = NOW - dt.timedelta(minutes=20)
    spans = recording_spans(recorder.address, "admin", "secret")
    # our clock at NOW + 1 min; the recorder's 95 s ahead of ours
    stale = onvif.stale_tracks(spans, offset_s=95, max_age_s=300,
                               now=NOW + dt.timedelta(minutes=1))
    assert [(s.recording_token, s.track_type) for s in stale] == [("REC2", "Video")]
    # the same spans read against a clock 20 minutes behind: nothing stale
    assert onvif.stale_tracks(spans, offset_s=-1200, max_age_s=300,
                              now=NOW + dt.timedelta(minutes=1)) == []
