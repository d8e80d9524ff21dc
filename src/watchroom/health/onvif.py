"""Reading a camera's or recorder's clock over ONVIF (R-DUTY-5): the device service's
`GetSystemDateAndTime`, through zeep and the ONVIF WSDL kept beside this module
(`onvif_wsdl/`, ONVIF's files as published). No Django here.

    reading = read_clock("10.0.0.8", "admin", "secret")
    reading.offset_s   # the device's clock minus ours, in seconds

The offset is taken against our clock at the middle of the exchange (the device read
its clock about half a round trip after we asked), so a slow network does not count as
a clock error; the device answers in whole seconds, so the offset is good to about one
second. The device's UTC time is used when it gives one; otherwise its local time and
POSIX time zone (`CST-8` is eight hours east of UTC).
"""

import datetime as dt
import re
import threading
import time
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

WSDL_DIR = Path(__file__).resolve().parent / "onvif_wsdl"
DEVICE_BINDING = "{http://www.onvif.org/ver10/device/wsdl}DeviceBinding"
DEVICE_PATH = "/onvif/device_service"


class OnvifError(Exception):
    """The clock could not be read. `kind`: `unreachable` (no connection, or no answer
    in time), `refused` (the device refused the user name or password), `answer` (the
    device answered something that is not a clock), `unsupported` (the device answered
    that it does not do the operation: ActionNotSupported)."""

    UNREACHABLE, REFUSED, ANSWER = "unreachable", "refused", "answer"
    UNSUPPORTED = "unsupported"  # the device does not do the operation asked

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass(frozen=True)
class ClockReading:
    device_utc: dt.datetime  # what the device's clock said, in UTC
    offset_s: float  # the device's clock minus ours, at the middle of the exchange
    round_trip_s: float | None  # None: no exchange (the kernel's own state)


def device_url(address: str) -> str:
    """`host`, `host:port`, or a full URL (kept as given when it has a path)."""
    address = address.strip()
    if "://" not in address:
        return f"http://{address}{DEVICE_PATH}"
    scheme, _, rest = address.partition("://")
    return address if "/" in rest.rstrip("/") else f"{scheme}://{rest.rstrip('/')}{DEVICE_PATH}"


_documents: dict[str, object] = {}
_lock = threading.Lock()


def _document(name: str):
    """The parsed WSDL, once per process (parsing takes about 0.1 s)."""
    with _lock:
        if name not in _documents:
            from zeep.transports import Transport
            from zeep.wsdl import Document
            _documents[name] = Document(str(WSDL_DIR / name), Transport())
        return _documents[name]


def _service(address: str, username: str, password: str, timeout: float,
             wsdl: str = "devicemgmt.wsdl", binding: str = DEVICE_BINDING, url: str = "",
             created: dt.datetime | None = None):
    """A client of one service; the token signed now, or at `created` (the device's
    time, for a device that refuses a token signed too far from its clock)."""
    import zeep
    from zeep.transports import Transport
    from zeep.wsse.username import UsernameToken
    wsse = UsernameToken(username, password, use_digest=True, created=created,
                         zulu_timestamp=True) if username else None
    client = zeep.Client(_document(wsdl), wsse=wsse,
                         transport=Transport(timeout=timeout, operation_timeout=timeout))
    return client.create_service(binding, url or device_url(address))


def call(operation, address: str, **kwargs):
    """Call one ONVIF operation, turning what can go wrong into an OnvifError."""
    import requests
    import zeep.exceptions
    try:
        return operation(**kwargs)
    except requests.Timeout as e:
        raise OnvifError(OnvifError.UNREACHABLE, f"no answer from {address} in time") from e
    except requests.ConnectionError as e:
        raise OnvifError(OnvifError.UNREACHABLE, f"cannot connect to {address}") from e
    except zeep.exceptions.Fault as e:
        subcodes = " ".join(getattr(c, "text", "") or "" for c in (e.subcodes or []))
        if "NotAuthorized" in subcodes or "NotAuthorized" in str(e.message):
            raise OnvifError(OnvifError.REFUSED,
                             f"{address} refused the user name or password") from e
        if "ActionNotSupported" in subcodes:
            raise OnvifError(OnvifError.UNSUPPORTED,
                             f"{address} does not support this: {e.message}") from e
        raise OnvifError(OnvifError.ANSWER, f"{address} answered a fault: {e.message}") from e
    except (zeep.exceptions.Error, requests.RequestException, ValueError) as e:
        raise OnvifError(OnvifError.ANSWER, f"{address} answered no ONVIF reply: {e}") from e


SKEW_S = 5.0  # a clock further off than this may be why a device refuses the token


def read_clock(address: str, username: str = "", password: str = "", timeout: float = 5.0,
               *, clock=time.time) -> ClockReading:
    """Ask the device for its time and compare it with ours (`clock`, seconds since
    the epoch). Raises OnvifError.

    Many devices refuse a token signed at a time far from their own clock: the very
    fault being measured. When the token is refused, the clock is asked without it
    (ONVIF answers GetSystemDateAndTime before authentication); if that clock is off,
    the token is signed again in the device's time and the question asked again, so that
    a refusal left is the password's."""
    try:
        return _read_clock(address, username, password, timeout, clock)
    except OnvifError as refused:
        if refused.kind != OnvifError.REFUSED or not username:
            raise
        try:
            unsigned = _read_clock(address, "", "", timeout, clock)
        except OnvifError:
            raise refused from None
        if abs(unsigned.offset_s) <= SKEW_S:
            raise
        device_now = dt.datetime.fromtimestamp(clock(), dt.UTC) + dt.timedelta(
            seconds=unsigned.offset_s)
        return _read_clock(address, username, password, timeout, clock, created=device_now)


def _read_clock(address, username, password, timeout, clock, created=None) -> ClockReading:
    service = _service(address, username, password, timeout, created=created)
    started, t0 = time.perf_counter(), clock()
    answer = call(service.GetSystemDateAndTime, address)
    round_trip = time.perf_counter() - started
    device = device_time(answer, address)
    ours = dt.datetime.fromtimestamp(t0 + round_trip / 2, dt.UTC)
    return ClockReading(device_utc=device, offset_s=round((device - ours).total_seconds(), 3),
                        round_trip_s=round(round_trip, 4))


def device_time(answer, address: str = "the device") -> dt.datetime:
    """The UTC time in a GetSystemDateAndTime answer."""
    try:
        utc = answer["UTCDateTime"]
        if utc is not None:
            return _datetime(utc).replace(tzinfo=dt.UTC)
        local = answer["LocalDateTime"]
        zone = (answer["TimeZone"] or {})["TZ"] if answer["TimeZone"] else ""
        if local is None or not zone:
            raise ValueError("neither UTC time nor local time with its time zone")
        return _datetime(local).replace(tzinfo=time_zone(zone)).astimezone(dt.UTC)
    except (KeyError, TypeError, ValueError) as e:
        raise OnvifError(OnvifError.ANSWER, f"{address} gave no usable time: {e}") from e


def _datetime(value) -> dt.datetime:
    d, t = value["Date"], value["Time"]
    return dt.datetime(int(d["Year"]), int(d["Month"]), int(d["Day"]),
                       int(t["Hour"]), int(t["Minute"]), int(t["Second"]))


_POSIX = re.compile(r"^(?:<[A-Za-z0-9+-]+>|[A-Za-z]{3,})([+-]?)(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?")


def time_zone(text: str) -> dt.tzinfo:
    """A POSIX TZ string's standard offset (`CST-8`: UTC+8; the sign is POSIX's, west
    positive), or an IANA name (`Asia/Shanghai`). Daylight-saving rules are not read."""
    text = text.strip()
    if "/" in text:
        try:
            return zoneinfo.ZoneInfo(text)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown time zone {text!r}") from e
    match = _POSIX.match(text)
    if not match:
        raise ValueError(f"unknown time zone {text!r}")
    sign, hours, minutes, seconds = match.groups()
    west = dt.timedelta(hours=int(hours), minutes=int(minutes or 0), seconds=int(seconds or 0))
    return dt.timezone(west if sign == "-" else -west)


# ONVIF Profile G: what a recorder holds, from its search service.

SEARCH_NS = "http://www.onvif.org/ver10/search/wsdl"
SEARCH_BINDING = f"{{{SEARCH_NS}}}SearchBinding"
SEARCH_SECONDS = 30.0  # how long a search may take before it is given up


@dataclass(frozen=True)
class RecordingSpan:
    """One track of one recording on the recorder: from when to when it holds data, in
    the recorder's own clock (subtract the clock's offset to compare with ours)."""

    recording_token: str
    source_id: str
    source_name: str
    track_token: str
    track_type: str  # Video | Audio | Metadata
    data_from: dt.datetime
    data_to: dt.datetime


@dataclass(frozen=True)
class RecordingSummary:
    data_from: dt.datetime
    data_until: dt.datetime
    recordings: int


def search_url(address: str, username: str = "", password: str = "",
               timeout: float = 5.0) -> str:
    """The recorder's search service, from GetServices (Profile G)."""
    device = _service(address, username, password, timeout)
    services = call(device.GetServices, address, IncludeCapability=False) or []
    for found in services:
        if found["Namespace"] == SEARCH_NS and found["XAddr"]:
            return found["XAddr"]
    raise OnvifError(OnvifError.ANSWER, f"{address} has no ONVIF search service (Profile G)")


def _search(address, username, password, timeout):
    return _service(address, username, password, timeout, wsdl="search.wsdl",
                    binding=SEARCH_BINDING,
                    url=search_url(address, username, password, timeout))


def _utc(value) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise OnvifError(OnvifError.ANSWER, f"not a time: {value!r}")
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def recording_summary(address: str, username: str = "", password: str = "",
                      timeout: float = 5.0) -> RecordingSummary:
    """GetRecordingSummary: the first and last moment the recorder holds, and how many
    recordings (one per camera channel, usually)."""
    summary = call(_search(address, username, password, timeout).GetRecordingSummary,
                   address)
    return RecordingSummary(_utc(summary["DataFrom"]), _utc(summary["DataUntil"]),
                            int(summary["NumberRecordings"]))


def recording_spans(address: str, username: str = "", password: str = "",
                    timeout: float = 5.0, *, max_seconds: float = SEARCH_SECONDS,
                    ) -> list[RecordingSpan]:
    """Every track of every recording with the span it holds (FindRecordings, then
    GetRecordingSearchResults until the search is Completed, then EndSearch)."""
    search = _search(address, username, password, timeout)
    token = call(search.FindRecordings, address, Scope={},
                 KeepAliveTime=dt.timedelta(seconds=max_seconds))
    spans: list[RecordingSpan] = []
    deadline = time.monotonic() + max_seconds
    try:
        while True:
            page = call(search.GetRecordingSearchResults, address, SearchToken=token,
                        MaxResults=100, WaitTime=dt.timedelta(seconds=1))
            for info in page["RecordingInformation"] or []:
                source = info["Source"]
                spans += [RecordingSpan(
                    recording_token=str(info["RecordingToken"]),
                    source_id=str(source["SourceId"] or ""), source_name=str(source["Name"]),
                    track_token=str(track["TrackToken"]), track_type=str(track["TrackType"]),
                    data_from=_utc(track["DataFrom"]), data_to=_utc(track["DataTo"]))
                    for track in info["Track"] or []]
            if page["SearchState"] == "Completed":
                return spans
            if time.monotonic() > deadline:
                raise OnvifError(OnvifError.ANSWER,
                                 f"{address} did not finish its search in {max_seconds:.0f} s")
    finally:
        try:
            call(search.EndSearch, address, SearchToken=token)
        except OnvifError:
            pass  # the search ends by itself after its keep-alive time


def stale_tracks(spans: list[RecordingSpan], *, offset_s: float, max_age_s: float,
                 now: dt.datetime | None = None, kind: str = "Video") -> list[RecordingSpan]:
    """The tracks of `kind` whose data stopped more than `max_age_s` ago: the recorder
    is no longer recording that source. `offset_s` is the recorder's clock offset
    (its spans are in its own clock); `now` is ours."""
    now = now or dt.datetime.now(dt.UTC)
    recorder_now = now + dt.timedelta(seconds=offset_s)
    return [s for s in spans if s.track_type == kind
            and (recorder_now - s.data_to).total_seconds() > max_age_s]


# Gaps inside a recording's span: the recording-history events of the search service.

WSNT = "http://docs.oasis-open.org/wsn/b-2"
TOPICS_NS = "http://www.onvif.org/ver10/topics"
CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
TRACK_STATE = "tns1:RecordingHistory/Track/State"  # data item IsDataPresent
RECORDING_STATE = "tns1:RecordingHistory/Recording/State"  # data item IsRecording
STATE_ITEMS = ("IsDataPresent", "IsRecording")


@dataclass(frozen=True)
class RecordingGap:
    """A stretch inside a recording with no data, in the recorder's own clock: its track
    said IsDataPresent false, then true (a recording-level IsRecording gap has no track
    token). `end` None: no data yet at the end of the search (an open gap)."""

    recording_token: str
    track_token: str
    start: dt.datetime
    end: dt.datetime | None

    @property
    def seconds(self) -> float | None:
        return None if self.end is None else (self.end - self.start).total_seconds()


def _topic_filter():
    from lxml import etree
    element = etree.Element(f"{{{WSNT}}}TopicExpression", Dialect=CONCRETE_SET,
                            nsmap={"tns1": TOPICS_NS, "wsnt": WSNT})
    element.text = f"{TRACK_STATE}|{RECORDING_STATE}"
    return element


def _state(event) -> bool | None:
    """The IsDataPresent / IsRecording value a found event carries (None: neither)."""
    message = event["Message"]["_value_1"] if event["Message"] is not None else None
    if hasattr(message, "iter"):  # a message zeep left as XML
        items = [(e.get("Name"), e.get("Value")) for e in message.iter()
                 if str(e.tag).endswith("SimpleItem")]
    else:
        data = message["Data"] if message is not None else None
        items = [(i["Name"], i["Value"]) for i in (data["SimpleItem"] or [])] if data else []
    for name, value in items:
        if name in STATE_ITEMS:
            return str(value).strip().lower() in ("true", "1")
    return None


def _topic(event) -> str:
    topic = event["Topic"]
    return str(topic["_value_1"] if topic is not None else "").strip()


def recording_events(address: str, username: str = "", password: str = "",
                     timeout: float = 5.0, *, since: dt.datetime, until: dt.datetime,
                     recording_tokens: list[str] | None = None,
                     max_seconds: float = SEARCH_SECONDS,
                     ) -> list[tuple[str, str, dt.datetime, bool]]:
    """The recording-history state changes between `since` and `until` (the recorder's
    clock): (recording, track, time, data present). FindEvents, then
    GetEventSearchResults until the search is Completed, then EndSearch."""
    search = _search(address, username, password, timeout)
    scope = {"IncludedRecordings": list(recording_tokens)} if recording_tokens else {}
    token = call(search.FindEvents, address, StartPoint=since, EndPoint=until, Scope=scope,
                 SearchFilter={"_value_1": [_topic_filter()]}, IncludeStartState=False,
                 KeepAliveTime=dt.timedelta(seconds=max_seconds))
    found = []
    deadline = time.monotonic() + max_seconds
    try:
        while True:
            page = call(search.GetEventSearchResults, address, SearchToken=token,
                        MaxResults=100, WaitTime=dt.timedelta(seconds=1))
            for result in page["Result"] or []:
                state = _state(result["Event"])
                if state is None or result["StartStateEvent"]:
                    continue
                topic = _topic(result["Event"])
                track = "" if topic.endswith("Recording/State") else str(
                    result["TrackToken"] or "")
                found.append((str(result["RecordingToken"] or ""), track,
                              _utc(result["Time"]), state))
            if page["SearchState"] == "Completed":
                return found
            if time.monotonic() > deadline:
                raise OnvifError(OnvifError.ANSWER,
                                 f"{address} did not finish its search in {max_seconds:.0f} s")
    finally:
        try:
            call(search.EndSearch, address, SearchToken=token)
        except OnvifError:
            pass  # the search ends by itself after its keep-alive time


def gaps_of(events, *, min_gap_s: float = 0.0) -> list[RecordingGap]:
    """Data absent at t1, present again at t2: a gap (t1, t2) of that recording's track;
    absent with no later present, an open gap. A present with no absent before it in the
    window (a gap begun earlier) is not a gap found here. Closed gaps not longer than
    `min_gap_s` are left out."""
    absent_since: dict[tuple[str, str], dt.datetime] = {}
    gaps = []
    for recording, track, when, present in sorted(events, key=lambda e: e[2]):
        key = (recording, track)
        if not present:
            absent_since.setdefault(key, when)
        elif key in absent_since:
            start = absent_since.pop(key)
            if (when - start).total_seconds() > min_gap_s:
                gaps.append(RecordingGap(recording, track, start, when))
    gaps += [RecordingGap(r, t, start, None) for (r, t), start in absent_since.items()]
    return sorted(gaps, key=lambda g: (g.start, g.recording_token, g.track_token))


def recording_gaps(address: str, username: str = "", password: str = "",
                   timeout: float = 5.0, *, since: dt.datetime, until: dt.datetime,
                   recording_tokens: list[str] | None = None, min_gap_s: float = 0.0,
                   max_seconds: float = SEARCH_SECONDS) -> list[RecordingGap]:
    """The gaps inside the recorder's recordings between `since` and `until` (its own
    clock), from its recording-history events (ONVIF Profile G FindEvents). Raises
    OnvifError (kind `unsupported` for a recorder without event search)."""
    events = recording_events(address, username, password, timeout, since=since,
                              until=until, recording_tokens=recording_tokens,
                              max_seconds=max_seconds)
    return gaps_of(events, min_gap_s=min_gap_s)
