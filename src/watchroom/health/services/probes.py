"""Keeping a probe's result (R-EQUIP-3) and the alerts it raises and closes; asking for
a probe now.

Alerts, one per cause and camera: kind `health.<cause>`, key
`health:<cause>:camera:<pk>`, target the camera. Critical where the picture is gone or
useless (unreachable, black, frozen, covered), a warning for the others (stream, dark,
bright, blurred, cast, moved). An alert closes when a later probe measures its cause
and finds it gone (or excused by an approved block or change); a probe that could not
measure a cause (no picture) leaves its alert as it is. A disabled or retired camera
raises none, and its open ones close."""

from django.db import transaction
from django.utils.translation import gettext as _

from watchroom.alerts.choices import Severity
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.core.times import WITH_SECONDS, local_text, utc_iso
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import Camera
from watchroom.health.models import HealthCheck
from watchroom.health.names import CAUSES, cause_name
from watchroom.health.probe import Observation
from watchroom.health.selectors import probes as selectors
from watchroom.service import service

CRITICAL = ("unreachable", "black", "frozen", "covered")
IMAGE_CAUSES = tuple(c for c in CAUSES if c not in ("unreachable", "stream"))


def alert_key(cause: str, camera_id: int) -> str:
    return f"health:{cause}:camera:{camera_id}"


def severity_of(cause: str) -> str:
    return Severity.CRITICAL if cause in CRITICAL else Severity.WARNING


def _message(camera: Camera, cause: str, result: Observation) -> str:
    text = _("Camera %(camera)s: %(problem)s (R-EQUIP-3).") % {
        "camera": str(camera), "problem": cause_name(cause)}
    verdict = result.verdicts.get(cause)
    if verdict and verdict.get("score") is not None:
        text += " " + _("Score %(score)s, threshold %(threshold)s.") % {
            "score": verdict["score"], "threshold": verdict["threshold"]}
    elif result.detail:
        text += f" {result.detail}"
    return text


def _measured(result: Observation) -> set[str]:
    """The causes this probe could judge: a cause it could not measure keeps its alert."""
    if not result.reachable:
        return {"unreachable"}
    measured = {"unreachable", "stream"}
    measured |= {c for c in IMAGE_CAUSES if result.verdicts.get(c, {}).get("status")
                 in ("pass", "fail")}
    return measured


@service
def health_check_record(*, actor, camera: Camera, result: Observation) -> HealthCheck:
    """R-EQUIP-3: keep one probe of `camera` as its history, and raise or close its
    health alerts. The audit trail records a check whose outcome differs from the
    camera's previous one (every probe is in the history table)."""
    camera = Camera.objects.select_for_update().get(pk=camera.pk)
    previous = HealthCheck.objects.filter(camera=camera).order_by("-checked_at", "-pk").first()
    check = HealthCheck.objects.create(
        camera=camera, checked_at=result.checked_at, reachable=result.reachable,
        source=result.source, codec=result.codec[:20], width=result.width,
        height=result.height, fps=result.fps, kbps=result.kbps, verdicts=result.verdicts,
        problems=list(result.problems), excused=dict(result.excused), ok=result.ok,
        picture=result.picture, duration_ms=result.duration_ms)
    watched = camera.enabled and camera.status != EquipmentStatus.RETIRED
    measured = _measured(result)
    raised, closed = [], []
    for cause in CAUSES:
        key = alert_key(cause, camera.pk)
        active = cause in result.problems and cause not in result.excused
        if active and watched:
            _alert, created = alert_raise(
                actor=actor, kind=f"health.{cause}", severity=severity_of(cause), key=key,
                message=_message(camera, cause, result), target=camera)
            if created:
                raised.append(cause)
        elif cause in measured or not watched:
            note = (_("Excused: %(reason)s") % {"reason": result.excused[cause]}
                    if cause in result.excused else
                    _("Camera not in service.") if not watched else
                    _("Passed the health check of %(at)s.") % {
                        "at": local_text(check.checked_at, WITH_SECONDS)})
            if alert_close(actor=actor, key=key, note=note) is not None:
                closed.append(cause)
    changed = previous is None or previous.ok != check.ok or \
        sorted(previous.problems) != sorted(check.problems)
    if changed or raised or closed:
        audit_record(actor=actor, action="health.checked", target=camera, data={
            "check": check.pk, "camera": camera.code, "at": utc_iso(check.checked_at),
            "ok": check.ok, "problems": check.problems, "excused": check.excused,
            "source": check.source, "raised": raised, "closed": closed})
    return check


@service
def health_probe_request(*, actor, camera: Camera) -> Camera:
    """A person asks for `camera` to be probed now: the worker does it."""
    refusal = selectors.health_probe_request_refusal(actor, camera)
    if refusal is not None:
        raise refusal
    audit_record(actor=actor, action="health.probe_requested", target=camera,
                 data={"camera": camera.code})
    transaction.on_commit(lambda: _enqueue(camera.pk))
    return camera


def _enqueue(camera_id: int) -> None:
    from watchroom.health.tasks import probe_camera_task  # tasks import these services

    probe_camera_task.enqueue(camera_id)
