"""Reading cameras' and recorders' clocks over ONVIF, and Watchroom's own recorder's
clock (this computer's) against the time server (R-DUTY-5): each reading kept, a
clock out of the profile's tolerance alerted (`health.clock`) and the alert closed when
it is back. A clock that cannot be read is kept as a reading with its error and raises
no clock alert (whether the device answers at all is the probe's concern)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.health import host_clock, onvif
from watchroom.health.models import ClockReading
from watchroom.health.selectors.clock import (
    clock_key,
    clock_latest,
    clock_readable,
    clock_tolerance,
    host_clocked,
)
from watchroom.rules import RuleViolation
from watchroom.service import service

TIMEOUT_S = 5.0
PARALLEL = 8  # devices read at once by the periodic job


def _read(equipment, timeout: float) -> tuple[onvif.ClockReading | None, str]:
    """The device's clock, or why it could not be read (in words people read)."""
    if host_clocked(equipment):
        return _read_host(timeout)
    address = equipment.onvif_address.strip()
    try:
        return onvif.read_clock(address, equipment.username, equipment.password,
                                timeout=timeout), ""
    except onvif.OnvifError as e:
        if e.kind == onvif.OnvifError.UNREACHABLE:
            text = _("no answer from %(address)s") % {"address": address}
        elif e.kind == onvif.OnvifError.REFUSED:
            text = _("%(address)s refused the user name or password") % {"address": address}
        else:
            text = _("%(address)s gave no usable time") % {"address": address}
        return None, f"{text} ({e.detail})"[:300]


def _read_host(timeout: float) -> tuple[onvif.ClockReading | None, str]:
    """Watchroom's own recorder: this computer's clock against the time server, or the
    kernel's synchronisation state when none is named."""
    server = settings.WATCHROOM.get("TIME_SERVER", "")
    try:
        return host_clock.read_host_clock(server, timeout=min(timeout, 3.0)), ""
    except host_clock.HostClockError as e:
        if e.kind == e.UNREACHABLE:
            text = _("no answer from the time server %(server)s") % {"server": server}
        elif e.kind == e.ANSWER:
            text = _("the time server %(server)s gave no usable time") % {"server": server}
        elif e.kind == e.UNSYNCHRONISED:
            text = _("this computer's clock is not synchronised with a time server (name "
                     "one in WATCHROOM_TIME_SERVER, or keep the clock with NTP)")
        else:
            text = _("this computer cannot say whether its clock is synchronised (name a "
                     "time server in WATCHROOM_TIME_SERVER)")
        return None, f"{text} ({e.detail})"[:300]


def clock_measure(*, actor, equipment, now: dt.datetime | None = None,
                  timeout: float = TIMEOUT_S) -> ClockReading:
    """R-DUTY-5: read the camera's or recorder's clock now and keep the reading
    (`clock_record`). The network is asked outside any transaction of this function;
    called inside a caller's, it waits at most `timeout`."""
    if not clock_readable(equipment):
        raise RuleViolation("R-DUTY-5", _("%(equipment)s has no ONVIF address: Watchroom "
                                          "cannot read its clock.") % {"equipment": equipment})
    reading, error = _read(equipment, timeout)
    return clock_record(actor=actor, equipment=equipment, reading=reading, error=error,
                        now=now)


def clocks_measure(*, actor, equipment: list, now: dt.datetime | None = None,
                   timeout: float = TIMEOUT_S) -> list[ClockReading]:
    """Read many clocks, `PARALLEL` at a time, then keep each reading in its own
    transaction (the periodic job)."""
    readable = [e for e in equipment if clock_readable(e)]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        results = list(pool.map(lambda e: _read(e, timeout), readable))
    return [clock_record(actor=actor, equipment=e, reading=r, error=error, now=now)
            for e, (r, error) in zip(readable, results, strict=True)]


def _state(reading: ClockReading | None) -> str:
    if reading is None:
        return ""
    return "unread" if reading.offset_s is None else ("ok" if reading.ok else "off")


@service
def clock_record(*, actor, equipment, reading: onvif.ClockReading | None, error: str = "",
                 now: dt.datetime | None = None) -> ClockReading:
    """R-DUTY-5: keep one clock reading (or the error that stopped it); a clock beyond
    the tolerance raises the `health.clock` alert, one within it closes that alert. The
    audit trail records the readings that change the clock's state (in tolerance, out
    of it, unread), not every reading."""
    tolerance = clock_tolerance(equipment)
    offset = reading.offset_s if reading is not None else None
    previous = clock_latest(equipment)
    field = "camera" if equipment._meta.model_name == "camera" else "recorder"
    row = ClockReading.objects.create(
        **{field: equipment}, measured_at=now or timezone.now(), offset_s=offset,
        round_trip_s=reading.round_trip_s if reading is not None else None,
        tolerance_s=tolerance, ok=offset is not None and abs(offset) <= tolerance,
        error="" if reading is not None else (error or _("not read"))[:300])
    key = clock_key(equipment)
    if offset is not None and not row.ok:
        alert_raise(actor=actor, kind="health.clock", severity="warning", key=key,
                    target=equipment, message=_(
                        "The clock of %(equipment)s is off by %(offset)s s, more than the "
                        "%(tolerance)s s allowed (R-DUTY-5).") % {
                        "equipment": equipment, "offset": f"{offset:+.0f}",
                        "tolerance": tolerance})
    elif row.ok:
        alert_close(actor=actor, key=key, note=_("The clock is within %(tolerance)s s again "
                                                 "(off by %(offset)s s).") % {
            "tolerance": tolerance, "offset": f"{offset:+.0f}"})
    if _state(row) != _state(previous):
        audit_record(actor=actor, action="health.clock_changed", target=equipment, data={
            "state": _state(row), "was": _state(previous), "offset_s": offset,
            "tolerance_s": tolerance, "error": row.error})
    return row
