"""Leaving the post and swaps (R-DUTY-3): the person names a substitute who is on site,
the substitute confirms, the room head approves; the absence is recorded from start to
end. A swap hands the rest of the duty to the substitute; there is no other way."""

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.duty.choices import AbsenceKind, AbsenceStatus
from watchroom.duty.models import Assignment, PostAbsence
from watchroom.duty.selectors import attendance
from watchroom.duty.selectors.absences import APPROVE, on_site
from watchroom.duty.services import signatures
from watchroom.rules import RuleViolation
from watchroom.service import service


def _require_on_site(substitute, room) -> None:
    if not on_site(substitute, room):
        raise RuleViolation("R-DUTY-3", _(
            "%(person)s is not on site (not clocked on); the substitute must be here.") % {
            "person": person_name(substitute)}, status=400)


def _data(absence: PostAbsence) -> dict:
    return {"room": absence.room.code, "kind": absence.kind,
            "person": absence.person.get_username(),
            "substitute": absence.substitute.get_username(), "reason": absence.reason,
            "status": absence.status}


@service
def absence_request(*, actor, room, kind: str, substitute, reason: str,
                    minutes: int | None = None) -> PostAbsence:
    if kind not in AbsenceKind.values:
        raise RuleViolation("R-DUTY-3", _("Choose leaving the post or a swap."), status=400)
    if not (reason or "").strip():
        raise RuleViolation("R-DUTY-3", _("Give the reason."), status=400)
    own = attendance.open_attendance(actor)
    if own is None or own.room_id != room.pk:
        raise RuleViolation("R-DUTY-3", _("Only someone on duty in %(room)s asks to leave its "
                                          "post.") % {"room": room})
    if substitute is None or substitute.pk == actor.pk:
        raise RuleViolation("R-DUTY-3", _("Name a substitute other than yourself."),
                            status=400)
    _require_on_site(substitute, room)
    if kind == AbsenceKind.SWAP and (own.duty is None or own.duty.end <= timezone.now()):
        raise RuleViolation("R-DUTY-3", _("You have no rostered duty running to swap."))
    if kind == AbsenceKind.SWAP and Assignment.objects.filter(
            person=substitute, start__lt=own.duty.end, end__gt=timezone.now()).exists():
        raise RuleViolation("R-DUTY-3", _("%(person)s is on duty then already.") % {
            "person": person_name(substitute)}, status=400)
    if PostAbsence.objects.filter(person=actor, status__in=[
            AbsenceStatus.REQUESTED, AbsenceStatus.CONFIRMED, AbsenceStatus.APPROVED]).filter(
            ended_at__isnull=True).exists():
        raise RuleViolation("R-DUTY-3", _("You already have a request open."))
    absence = PostAbsence.objects.create(
        room=room, kind=kind, person=actor, substitute=substitute, reason=reason.strip(),
        minutes=minutes, requested_at=timezone.now())
    audit_record(actor=actor, action="duty.absence_requested", target=absence,
                 data=_data(absence))
    return absence


def _locked(absence: PostAbsence, *expected: str) -> PostAbsence:
    absence = PostAbsence.objects.select_for_update().select_related(
        "room__site", "person", "substitute").get(pk=absence.pk)
    if absence.status not in expected:
        raise RuleViolation("R-DUTY-3", _("This request is %(status)s.") % {
            "status": absence.get_status_display()})
    return absence


@service
def absence_confirm(*, actor, absence: PostAbsence,
                    password: str | None = None, code: str | None = None) -> PostAbsence:
    """The substitute, in person and on site, agrees to take the post."""
    if password is not None or code is not None:
        signatures.verify(actor, password=password or "", code=code or "", rule="R-DUTY-3")
    absence = _locked(absence, AbsenceStatus.REQUESTED)
    if actor.pk != absence.substitute_id:
        raise RuleViolation("R-DUTY-3", _("Only %(person)s, the substitute, confirms.") % {
            "person": person_name(absence.substitute)}, status=403)
    _require_on_site(absence.substitute, absence.room)
    absence.status = AbsenceStatus.CONFIRMED
    absence.confirmed_at = timezone.now()
    absence.save(update_fields=["status", "confirmed_at"])
    audit_record(actor=actor, action="duty.absence_confirmed", target=absence,
                 data=_data(absence))
    return absence


@service
def absence_decide(*, actor, absence: PostAbsence, approve: bool, note: str = "") -> PostAbsence:
    """The room head's decision. Approved, the absence starts now; a swap hands the rest
    of the person's duty to the substitute."""
    if not actor.has_perm(APPROVE):
        raise RuleViolation("R-DUTY-3", _("Only the room head approves leaving the post."),
                            status=403)
    absence = _locked(absence, AbsenceStatus.CONFIRMED)
    if actor.pk in (absence.person_id, absence.substitute_id):
        raise RuleViolation("R-DUTY-3", _("You may not decide a request you are part of."),
                            status=403)
    now = timezone.now()
    absence.decided_by, absence.decided_at, absence.note = actor, now, note.strip()[:300]
    if not approve:
        if not absence.note:
            raise RuleViolation("R-DUTY-3", _("Say why the request is rejected."), status=400)
        absence.status = AbsenceStatus.REJECTED
    else:
        _require_on_site(absence.substitute, absence.room)
        absence.status = AbsenceStatus.APPROVED
        absence.started_at = now
        if absence.kind == AbsenceKind.SWAP:
            absence.ended_at = _hand_duty_over(absence, now)
    absence.save()
    audit_record(actor=actor, action="duty.absence_decided", target=absence, data={
        **_data(absence), "note": absence.note,
        "until": absence.ended_at.isoformat() if absence.ended_at else None})
    return absence


def _hand_duty_over(absence: PostAbsence, now):
    """The rest of the person's duty becomes the substitute's; returns its end."""
    record = attendance.open_attendance(absence.person)
    duty = Assignment.objects.select_for_update().get(pk=record.duty_id)
    if now <= duty.start:
        duty.person = absence.substitute
        duty.save(update_fields=["person"])
        return duty.end
    Assignment.objects.create(roster=duty.roster, person=absence.substitute, start=now,
                              end=duty.end)
    original_end, duty.end = duty.end, now
    duty.save(update_fields=["end"])
    return original_end


@service
def absence_end(*, actor, absence: PostAbsence) -> PostAbsence:
    """Back at the post: the person (or the room head) closes the absence."""
    absence = _locked(absence, AbsenceStatus.APPROVED)
    if absence.kind != AbsenceKind.LEAVE:
        raise RuleViolation("R-DUTY-3", _("A swap ends with the duty."))
    if actor.pk != absence.person_id and not actor.has_perm(APPROVE):
        raise RuleViolation("R-DUTY-3", _("Only %(person)s or the room head ends this "
                                          "absence.") % {"person": person_name(absence.person)},
                            status=403)
    absence.status = AbsenceStatus.ENDED
    absence.ended_at = timezone.now()
    absence.save(update_fields=["status", "ended_at"])
    audit_record(actor=actor, action="duty.absence_ended", target=absence, data={
        **_data(absence), "from": absence.started_at.isoformat(),
        "until": absence.ended_at.isoformat()})
    return absence
