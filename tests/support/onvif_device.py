"""A real ONVIF device service on loopback, for the clock tests and benchmark.

A threaded HTTP server answering SOAP 1.2 the way a camera's or recorder's device
service does: `GetSystemDateAndTime`, `GetDeviceInformation`, `GetCapabilities`,
`GetServices`. Requests carrying a WS-Security UsernameToken are checked (PasswordDigest
as ONVIF asks, PasswordText too); a wrong one is answered with the fault
`ter:NotAuthorized`. Like real devices, `GetSystemDateAndTime` answers without a token
(ONVIF's pre-authentication class), everything else needs one.

The device's clock is real time plus `offset_s`, changed at any moment:

    with OnvifDevice(username="admin", password="secret") as device:
        device.offset_s = 95
        ... read the clock at device.address ...

`max_skew_s` makes it refuse a token signed at a time too far from its own clock, as
many cameras do. `local_only=True` answers with the local time and its time zone only
(no UTCDateTime), as some recorders do; `time_zone` is the POSIX TZ string it then
reports.

As a recorder (ONVIF Profile G) it also answers the search service
(`/onvif/search_service`, listed by GetServices): `GetRecordingSummary`,
`FindRecordings`, `GetRecordingSearchResults` (in pages of `page_size` recordings, the
last page `Completed`) and `EndSearch`, over `device.recordings`:

    device.recordings = [Recording("REC1", "CAM1", tracks=[
        Track("VIDEO001", "Video", start, end)])]

Gaps inside a span are the recording-history events: a track's `gaps` (data absent from
start to end, end None while still absent) answer `FindEvents` and
`GetEventSearchResults` (in pages of `page_size` events) with
`tns1:RecordingHistory/Track/State` events (IsDataPresent false, then true), a
recording's `stops` with `tns1:RecordingHistory/Recording/State` (IsRecording); only
those inside the asked window, of the asked recordings, of the asked topics.
`event_search = False` answers FindEvents with ActionNotSupported, as recorders without
event search do.
"""

import base64
import datetime as dt
import hashlib
import itertools
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

SOAP = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TT = "http://www.onvif.org/ver10/schema"
TER = "http://www.onvif.org/ver10/error"
WSSE = ("http://docs.oasis-open.org/wss/2004/01/"
        "oasis-200401-wss-wssecurity-secext-1.0.xsd")
WSU = ("http://docs.oasis-open.org/wss/2004/01/"
       "oasis-200401-wss-wssecurity-utility-1.0.xsd")
DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
          "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")

TSE = "http://www.onvif.org/ver10/search/wsdl"
WSNT = "http://docs.oasis-open.org/wsn/b-2"
TNS1 = "http://www.onvif.org/ver10/topics"
CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
TRACK_STATE = "tns1:RecordingHistory/Track/State"
RECORDING_STATE = "tns1:RecordingHistory/Recording/State"

PRE_AUTH = {"GetSystemDateAndTime"}

ENVELOPE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<s:Envelope xmlns:s="{SOAP}" xmlns:tds="{TDS}" xmlns:tt="{TT}" '
            f'xmlns:tse="{TSE}" xmlns:ter="{TER}" xmlns:wsnt="{WSNT}" xmlns:tns1="{TNS1}">'
            '<s:Body>{body}</s:Body></s:Envelope>')


@dataclass
class Track:
    token: str
    kind: str  # Video | Audio | Metadata
    data_from: dt.datetime
    data_to: dt.datetime
    gaps: list[tuple[dt.datetime, dt.datetime | None]] = field(default_factory=list)


@dataclass
class Recording:
    token: str
    source_name: str
    source_id: str = ""
    tracks: list[Track] = field(default_factory=list)
    status: str = "Recording"  # tt:RecordingStatus
    stops: list[tuple[dt.datetime, dt.datetime | None]] = field(default_factory=list)


def _xs(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fault(subcode: str, reason: str, code: str = "s:Sender") -> str:
    return ENVELOPE.format(body=(
        f"<s:Fault><s:Code><s:Value>{code}</s:Value><s:Subcode><s:Value>{subcode}"
        f"</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en\">"
        f"{escape(reason)}</s:Text></s:Reason></s:Fault>"))


def password_digest(nonce: bytes, created: str, password: str) -> str:
    raw = nonce + created.encode() + password.encode()
    return base64.b64encode(hashlib.sha1(raw).digest()).decode()  # noqa: S324 (WS-Security's)


def _date_time(tag: str, when: dt.datetime) -> str:
    return (f"<tt:{tag}><tt:Time><tt:Hour>{when.hour}</tt:Hour><tt:Minute>{when.minute}"
            f"</tt:Minute><tt:Second>{when.second}</tt:Second></tt:Time><tt:Date>"
            f"<tt:Year>{when.year}</tt:Year><tt:Month>{when.month}</tt:Month>"
            f"<tt:Day>{when.day}</tt:Day></tt:Date></tt:{tag}>")


class OnvifDevice:
    """The device: its clock, its one user, and the server answering for it."""

    def __init__(self, *, username: str = "admin", password: str = "secret",  # noqa: S107
                 offset_s: float = 0.0, host: str = "127.0.0.1", local_only: bool = False,
                 time_zone: str = "CST-8", utc_hours: float = 8.0):
        self.username, self.password = username, password
        self.offset_s = offset_s
        # Refuse a token whose Created is further than this from the device's clock, as
        # many cameras do (None: any time is accepted).
        self.max_skew_s: float | None = None
        self.local_only = local_only
        self.time_zone, self.utc_hours = time_zone, utc_hours
        self.requests: list[str] = []  # the operations asked, in order
        self.recordings: list[Recording] = []
        self.page_size = 2
        self.profile_g = True  # False: a camera, with no search service
        self.searches: dict[str, int] = {}  # open search token -> recordings sent
        self.event_search = True  # False: FindEvents is not supported
        self.event_searches: dict[str, list[str]] = {}  # open token -> results not sent
        self.event_requests: list[dict] = []  # what each FindEvents asked
        self._tokens = itertools.count(1)
        self._server = ThreadingHTTPServer((host, 0), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # The clock
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.offset_s)

    # The server
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def address(self) -> str:
        """host:port, as Watchroom's equipment archive keeps an ONVIF address."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}/onvif/device_service"

    def start(self) -> "OnvifDevice":
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "OnvifDevice":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # Answers
    def answer(self, payload: bytes) -> tuple[int, str]:
        try:
            root = ET.fromstring(payload)  # noqa: S314 (loopback, tests only)
        except ET.ParseError:
            return 400, fault("ter:WellFormed", "The request is not well-formed XML.")
        body = root.find(f"{{{SOAP}}}Body")
        if body is None or len(body) == 0:
            return 400, fault("ter:WellFormed", "No SOAP body.")
        operation = body[0].tag.rpartition("}")[2]
        self.requests.append(operation)
        token = root.find(f"{{{SOAP}}}Header/{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
        if token is not None and not self._token_ok(token):
            return 400, fault("ter:NotAuthorized", "Sender not Authorized")
        if token is None and operation not in PRE_AUTH:
            return 400, fault("ter:NotAuthorized", "Sender not Authorized")
        namespace = body[0].tag[1:].partition("}")[0]
        prefix = {TDS: "_op_", TSE: "_search_" if self.profile_g else "_none_"}.get(
            namespace, "_none_")
        handler = getattr(self, f"{prefix}{operation}", None)
        if handler is None:
            return 400, fault("ter:ActionNotSupported",
                              f"{operation} is not supported by this device.")
        try:
            return 200, ENVELOPE.format(body=handler(body[0]))
        except _Fault as e:
            return 400, fault(e.subcode, e.reason)

    def _token_ok(self, token) -> bool:
        user = token.findtext(f"{{{WSSE}}}Username") or ""
        element = token.find(f"{{{WSSE}}}Password")
        if element is None or user != self.username:
            return False
        given = (element.text or "").strip()
        if (element.get("Type") or DIGEST).endswith("#PasswordText"):
            return given == self.password
        nonce = base64.b64decode(token.findtext(f"{{{WSSE}}}Nonce") or "")
        created = token.findtext(f"{{{WSU}}}Created") or ""
        if self.max_skew_s is not None:
            try:
                sent = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
            except ValueError:
                return False
            if abs((sent - self.now()).total_seconds()) > self.max_skew_s:
                return False
        return given == password_digest(nonce, created, self.password)

    def _op_GetSystemDateAndTime(self, request) -> str:
        now = self.now().replace(microsecond=0)
        if self.local_only:
            local = now + dt.timedelta(hours=self.utc_hours)
            zone, clocks = self.time_zone, _date_time("LocalDateTime", local)
        else:
            zone, clocks = "GMT+00:00", _date_time("UTCDateTime", now)
        return ("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
                "<tt:DateTimeType>Manual</tt:DateTimeType>"
                "<tt:DaylightSavings>false</tt:DaylightSavings>"
                f"<tt:TimeZone><tt:TZ>{zone}</tt:TZ></tt:TimeZone>{clocks}"
                "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>")

    def _op_GetDeviceInformation(self, request) -> str:
        return ("<tds:GetDeviceInformationResponse><tds:Manufacturer>Watchroom"
                "</tds:Manufacturer><tds:Model>Test device</tds:Model><tds:FirmwareVersion>"
                "1.0</tds:FirmwareVersion><tds:SerialNumber>TEST-0001</tds:SerialNumber>"
                "<tds:HardwareId>1</tds:HardwareId></tds:GetDeviceInformationResponse>")

    def _op_GetCapabilities(self, request) -> str:
        return ("<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device>"
                f"<tt:XAddr>{self.url}</tt:XAddr>"
                "<tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve>"
                "<tt:DiscoveryBye>false</tt:DiscoveryBye>"
                "<tt:RemoteDiscovery>false</tt:RemoteDiscovery>"
                "<tt:SystemBackup>false</tt:SystemBackup>"
                "<tt:SystemLogging>false</tt:SystemLogging>"
                "<tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>"
                "<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>"
                "</tt:SupportedVersions></tt:System>"
                "</tt:Device></tds:Capabilities></tds:GetCapabilitiesResponse>")

    def _op_GetServices(self, request) -> str:
        search = self.url.replace("/device_service", "/search_service")
        services = "".join(
            f"<tds:Service><tds:Namespace>{ns}</tds:Namespace><tds:XAddr>{url}</tds:XAddr>"
            "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version>"
            "</tds:Service>" for ns, url in ((TDS, self.url), (TSE, search))
            if ns == TDS or self.profile_g)
        return f"<tds:GetServicesResponse>{services}</tds:GetServicesResponse>"

    # Profile G: the search service
    def _search_GetRecordingSummary(self, request) -> str:
        tracks = [t for r in self.recordings for t in r.tracks]
        now = self.now()
        start = min((t.data_from for t in tracks), default=now)
        end = max((t.data_to for t in tracks), default=now)
        return ("<tse:GetRecordingSummaryResponse><tse:Summary>"
                f"<tt:DataFrom>{_xs(start)}</tt:DataFrom><tt:DataUntil>{_xs(end)}"
                f"</tt:DataUntil><tt:NumberRecordings>{len(self.recordings)}"
                "</tt:NumberRecordings></tse:Summary></tse:GetRecordingSummaryResponse>")

    def _search_FindRecordings(self, request) -> str:
        token = f"search-{next(self._tokens)}"
        self.searches[token] = 0
        return (f"<tse:FindRecordingsResponse><tse:SearchToken>{token}</tse:SearchToken>"
                "</tse:FindRecordingsResponse>")

    def _search_GetRecordingSearchResults(self, request) -> str:
        token = request.findtext(f"{{{TSE}}}SearchToken") or ""
        if token not in self.searches:
            raise _Fault("ter:InvalidArgVal", "No such search.")
        sent = self.searches[token]
        page = self.recordings[sent:sent + self.page_size]
        self.searches[token] = sent + len(page)
        state = "Completed" if sent + len(page) >= len(self.recordings) else "Searching"
        found = "".join(_recording(r) for r in page)
        return ("<tse:GetRecordingSearchResultsResponse><tse:ResultList>"
                f"<tt:SearchState>{state}</tt:SearchState>{found}</tse:ResultList>"
                "</tse:GetRecordingSearchResultsResponse>")

    def _search_FindEvents(self, request) -> str:
        if not self.event_search:
            raise _Fault("ter:ActionNotSupported", "FindEvents is not supported.")
        start = _when(request.findtext(f"{{{TSE}}}StartPoint"))
        end_text = request.findtext(f"{{{TSE}}}EndPoint")
        end = _when(end_text) if end_text else None
        if end is not None and end < start:
            raise _Fault("ter:InvalidArgVal", "Backward searches are not supported here.")
        wanted = [e.text for e in request.iterfind(f"{{{TSE}}}Scope/{{{TT}}}IncludedRecordings")]
        topics = " ".join(e.text or "" for e in request.iterfind(
            f"{{{TSE}}}SearchFilter/{{{WSNT}}}TopicExpression"))
        self.event_requests.append({"start": start, "end": end, "recordings": wanted,
                                    "topics": topics})
        events = []
        for recording in self.recordings:
            if wanted and recording.token not in wanted:
                continue
            if not topics or "Track/State" in topics:
                events += [(when, _event(recording.token, track.token, when, present))
                           for track in recording.tracks
                           for when, present in _changes(track.gaps)]
            if not topics or "Recording/State" in topics:
                events += [(when, _event(recording.token, "", when, present))
                           for when, present in _changes(recording.stops)]
        token = f"search-{next(self._tokens)}"
        self.event_searches[token] = [xml for when, xml in sorted(events, key=lambda e: e[0])
                                      if when >= start and (end is None or when <= end)]
        return (f"<tse:FindEventsResponse><tse:SearchToken>{token}</tse:SearchToken>"
                "</tse:FindEventsResponse>")

    def _search_GetEventSearchResults(self, request) -> str:
        token = request.findtext(f"{{{TSE}}}SearchToken") or ""
        if token not in self.event_searches:
            raise _Fault("ter:InvalidArgVal", "No such search.")
        left = self.event_searches[token]
        page, self.event_searches[token] = left[:self.page_size], left[self.page_size:]
        state = "Searching" if self.event_searches[token] else "Completed"
        return ("<tse:GetEventSearchResultsResponse><tse:ResultList>"
                f"<tt:SearchState>{state}</tt:SearchState>{''.join(page)}</tse:ResultList>"
                "</tse:GetEventSearchResultsResponse>")

    def _search_EndSearch(self, request) -> str:
        token = request.findtext(f"{{{TSE}}}SearchToken") or ""
        if (self.event_searches.pop(token, None) is None
                and self.searches.pop(token, None) is None):
            raise _Fault("ter:InvalidArgVal", "No such search.")
        return (f"<tse:EndSearchResponse><tse:Endpoint>{_xs(self.now())}</tse:Endpoint>"
                "</tse:EndSearchResponse>")


class _Fault(Exception):
    def __init__(self, subcode: str, reason: str):
        super().__init__(reason)
        self.subcode, self.reason = subcode, reason


def _when(text: str | None) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        raise _Fault("ter:InvalidArgVal", f"Not a time: {text!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _changes(gaps) -> list[tuple[dt.datetime, bool]]:
    """A list of absent intervals as state changes: absent at its start, present at its end."""
    return [change for start, end in gaps
            for change in [(start, False)] + ([(end, True)] if end is not None else [])]


def _event(recording: str, track: str, when: dt.datetime, present: bool) -> str:
    """One tt:FindEventResult of the recording history."""
    topic, item = (TRACK_STATE, "IsDataPresent") if track else (RECORDING_STATE, "IsRecording")
    source = f'<tt:SimpleItem Name="RecordingToken" Value="{escape(recording)}"/>' + (
        f'<tt:SimpleItem Name="Track" Value="{escape(track)}"/>' if track else "")
    value = "true" if present else "false"
    return (f"<tt:Result><tt:RecordingToken>{escape(recording)}</tt:RecordingToken>"
            f"<tt:TrackToken>{escape(track)}</tt:TrackToken><tt:Time>{_xs(when)}</tt:Time>"
            f'<tt:Event><wsnt:Topic Dialect="{CONCRETE_SET}">{topic}</wsnt:Topic>'
            f'<wsnt:Message><tt:Message UtcTime="{_xs(when)}" PropertyOperation="Changed">'
            f"<tt:Source>{source}</tt:Source><tt:Data>"
            f'<tt:SimpleItem Name="{item}" Value="{value}"/></tt:Data></tt:Message>'
            "</wsnt:Message></tt:Event><tt:StartStateEvent>false</tt:StartStateEvent>"
            "</tt:Result>")


def _recording(r: Recording) -> str:
    tracks = "".join(
        f"<tt:Track><tt:TrackToken>{t.token}</tt:TrackToken><tt:TrackType>{t.kind}"
        f"</tt:TrackType><tt:Description>{t.kind}</tt:Description><tt:DataFrom>"
        f"{_xs(t.data_from)}</tt:DataFrom><tt:DataTo>{_xs(t.data_to)}</tt:DataTo></tt:Track>"
        for t in r.tracks)
    earliest = min((t.data_from for t in r.tracks), default=None)
    latest = max((t.data_to for t in r.tracks), default=None)
    source = escape(r.source_id or f"urn:source:{r.token}")
    return ("<tt:RecordingInformation>"
            f"<tt:RecordingToken>{escape(r.token)}</tt:RecordingToken><tt:Source>"
            f"<tt:SourceId>{source}</tt:SourceId><tt:Name>{escape(r.source_name)}</tt:Name>"
            "<tt:Location></tt:Location><tt:Description></tt:Description>"
            f"<tt:Address>{source}</tt:Address></tt:Source>"
            + (f"<tt:EarliestRecording>{_xs(earliest)}</tt:EarliestRecording>" if earliest
               else "")
            + (f"<tt:LatestRecording>{_xs(latest)}</tt:LatestRecording>" if latest else "")
            + f"<tt:Content>{escape(r.source_name)}</tt:Content>{tracks}"
            f"<tt:RecordingStatus>{r.status}</tt:RecordingStatus></tt:RecordingInformation>")


def _handler(device: OnvifDevice):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once, no delayed ACK

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            status, text = device.answer(self.rfile.read(length))
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


class SilentDevice:
    """A socket that accepts connections and never answers: a hung device."""

    def __init__(self, host: str = "127.0.0.1"):
        import socket
        self._socket = socket.socket()
        self._socket.bind((host, 0))
        self._socket.listen(8)

    @property
    def address(self) -> str:
        host, port = self._socket.getsockname()
        return f"{host}:{port}"

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> "SilentDevice":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

