"""The pre-shift check (R-DUTY-5): the list of subjects, the shift a check is for,
the playbacks and recordings a playback item is judged by."""

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.models import AuditEvent, AuditPending
from watchroom.devices.choices import EquipmentStatus, RecorderKind
from watchroom.devices.models import Camera, Display, Recorder
from watchroom.duty.choices import CheckKind
from watchroom.duty.models import ShiftCheck
from watchroom.duty.selectors import shifts
from watchroom.health.names import cause_name
from watchroom.health.selectors.clock import clock_latest, clock_readable, host_clocked
from watchroom.health.selectors.probes import latest_checks, probed_cameras
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment

WATCHROOM = "watchroom"  # cameras Watchroom records itself form one playback group
HEALTH_KEY = "health:cameras"  # the cameras' last health checks, taken as measured


@dataclass(frozen=True)
class Subject:
    key: str  # "<kind>:<recorder pk | display pk | watchroom>"
    kind: str
    label: str
    recorder_id: int | None = None
    camera_ids: tuple[int, ...] = ()
    # A clock Watchroom reads over ONVIF (R-DUTY-5): measured, never typed.
    measured: bool = False

    @property
    def kind_label(self) -> str:
        return str(CheckKind(self.kind).label)


def check_shift(room, now: dt.datetime | None = None) -> shifts.RoomShift:
    """The shift a check made now is for: the one the arriving operator takes over."""
    now = now or timezone.now()
    lead = dt.timedelta(minutes=room.site.policy.handover_early_minutes)
    return shifts.shift_at(room, now + lead)


def checklist(room) -> list[Subject]:
    recorders = list(Recorder.objects.filter(site=room.site).exclude(
        status=EquipmentStatus.RETIRED).order_by("code"))
    cameras = Camera.objects.filter(area__site=room.site, enabled=True)
    groups: dict[int | None, list[int]] = {}
    for camera_id, recorder_id in cameras.values_list("pk", "recorder_id"):
        groups.setdefault(recorder_id, []).append(camera_id)
    items = [Subject(f"equipment:r{r.pk}", CheckKind.EQUIPMENT, str(r), r.pk) for r in recorders]
    items += [Subject(f"equipment:d{d.pk}", CheckKind.EQUIPMENT, str(d)) for d in
              Display.objects.filter(room=room).exclude(
        status=EquipmentStatus.RETIRED).order_by("code")]
    items += [Subject(f"playback:r{r.pk}", CheckKind.PLAYBACK, str(r), r.pk,
                      tuple(groups[r.pk])) for r in recorders if groups.get(r.pk)]
    if groups.get(None):
        items.append(Subject(f"playback:{WATCHROOM}", CheckKind.PLAYBACK,
                             _("Cameras recorded by Watchroom"), None, tuple(groups[None])))
    items += [Subject(f"clock:r{r.pk}", CheckKind.CLOCK, str(r), r.pk,
                      measured=clock_readable(r)) for r in recorders]
    if latest_checks(probed_cameras().filter(area__site=room.site)):
        items.append(Subject(HEALTH_KEY, CheckKind.HEALTH, _("Cameras' health checks"),
                             measured=True))
    return items


def health_problems(room) -> list[str]:
    """R-DUTY-5, R-EQUIP-3: the room's site's cameras whose last health check found a
    problem no approved block or change excuses, as "camera: problem, problem"."""
    cameras = probed_cameras().filter(area__site=room.site)
    by_pk = {c.pk: c for c in cameras}
    found = []
    for camera_id, check in sorted(latest_checks(cameras).items(),
                                   key=lambda item: by_pk[item[0]].code):
        problems = [p for p in check.problems if p not in check.excused]
        if problems:
            found.append(f"{by_pk[camera_id]}: " + ", ".join(cause_name(p) for p in problems))
    return found


def playbacks(user, camera_ids, since: dt.datetime) -> dict[int, bool]:
    """The cameras of `camera_ids` the user played back since then, each with whether
    any of those playbacks found footage, from the audit trail (sealed or still waiting
    to be)."""
    viewed = (Q(actor_user_id=user.pk) & Q(action="recording.playback")
              & Q(target_type="devices.camera") & Q(target_id__in=[str(c) for c in camera_ids])
              & Q(ts__gte=since))
    found: dict[int, bool] = {}
    for model in (AuditEvent, AuditPending):
        for target, data in model.objects.filter(viewed).values_list("target_id", "data"):
            segments = json.loads(data or "{}").get("segments") or []
            found[int(target)] = found.get(int(target), False) or bool(segments)
    return found


def on_outside_recorder(subject: Subject) -> bool:
    """A playback group recorded by an NVR/DVR, not by Watchroom: Watchroom holds none
    of its footage, so its playback is checked on that recorder and taken on the
    operator's word."""
    return subject.kind == CheckKind.PLAYBACK and subject.recorder_id is not None and (
        Recorder.objects.filter(pk=subject.recorder_id)
        .exclude(kind=RecorderKind.WATCHROOM).exists())


def without_footage(subject: Subject, now: dt.datetime | None = None) -> list[Camera]:
    """The cameras of a playback group with no recording in the playback-check window
    (the last minutes a playback check shows): a playback of them finds nothing. Empty
    for a group on an outside recorder, whose footage Watchroom never holds."""
    now = now or timezone.now()
    if on_outside_recorder(subject):
        return []
    cameras = list(Camera.objects.filter(pk__in=subject.camera_ids)
                   .select_related("area__site__policy").order_by("code"))
    if not cameras:
        return []
    since = now - dt.timedelta(minutes=cameras[0].area.site.policy.playback_check_minutes)
    recorded = set(Segment.objects.filter(
        camera__in=cameras, state=SegmentState.SEALED, start__lt=now, end__gt=since,
    ).values_list("camera_id", flat=True))
    return [c for c in cameras if c.pk not in recorded]


def unchecked(room, since: dt.datetime, until: dt.datetime) -> list[shifts.RoomShift]:
    """Shifts that started in [since, until) with no pre-shift check."""
    done = set(ShiftCheck.objects.filter(room=room, shift_start__gte=since,
                                         shift_start__lt=until)
               .values_list("shift_start", flat=True))
    return [s for s in shifts.shifts_between(room, since, until) if s.start not in done]


def clock_shown(subject: Subject):
    """The latest reading of a measured clock (R-DUTY-5), for the check's page; None for
    other items and for a clock never read yet."""
    if not subject.measured or subject.kind != CheckKind.CLOCK:
        return None
    return clock_latest(Recorder.objects.get(pk=subject.recorder_id))


def clock_by_host(subject: Subject) -> bool:
    """A measured clock that is Watchroom's own recorder's: this computer's, against the
    time server (the page says so, rather than "over ONVIF")."""
    return (subject.measured and subject.kind == CheckKind.CLOCK
            and host_clocked(Recorder.objects.get(pk=subject.recorder_id)))
