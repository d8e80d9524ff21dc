"""Reads of incidents, and what each person may do with one (R-INC-1, R-INC-3, R-INC-4,
R-REC-4): the services raise these refusals, the pages show a button only when there
is none."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import Camera
from watchroom.incidents.choices import IncidentStatus
from watchroom.incidents.models import Incident
from watchroom.recording import selectors as recording
from watchroom.recording.choices import HoldLink
from watchroom.rules import RuleViolation

VIEW = "incidents.view_incident"
ADD = "incidents.add_incident"
CHANGE = "incidents.change_incident"
CLOSE = "incidents.close_incident"
REVIEW = "incidents.review_incident"


def _may(user, perm: str) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(perm)


def incident_create_refusal(user) -> RuleViolation | None:
    if not _may(user, ADD):
        return RuleViolation("R-INC-1", _("You may not report incidents."), status=403)
    return None


def _changeable(user, incident: Incident, rule: str) -> RuleViolation | None:
    if not _may(user, CHANGE):
        return RuleViolation(rule, _("You may not work on incidents."), status=403)
    if not incident.is_open:
        return RuleViolation(rule, _("This incident is closed."))
    return None


def incident_note_refusal(user, incident: Incident) -> RuleViolation | None:
    return _changeable(user, incident, "R-INC-1")


def incident_attach_refusal(user, incident: Incident) -> RuleViolation | None:
    return _changeable(user, incident, "R-INC-1")


def incident_grade_refusal(user, incident: Incident) -> RuleViolation | None:
    if refusal := _changeable(user, incident, "R-INC-2"):
        return refusal
    if incident.reviewed_at is not None:
        return RuleViolation("R-INC-4", _("The review is signed: the grade stays as "
                                          "reviewed."))
    return None


def incident_hold_refusal(user, incident: Incident) -> RuleViolation | None:
    """R-INC-3: anyone who works on the incident puts its footage on hold (the hold
    service asks recording's own refusal with the incident's link)."""
    if refusal := _changeable(user, incident, "R-INC-3"):
        return refusal
    return recording.hold_place_refusal(user, HoldLink.INCIDENT)


def incident_hold_release_refusal(user, incident: Incident, hold) -> RuleViolation | None:
    """R-REC-4: an approver releases an incident's hold, once the incident is closed."""
    if incident.is_open:
        return RuleViolation("R-REC-4", _("The incident is still open: its footage stays "
                                          "on hold."))
    return recording.hold_release_refusal(user, hold)


def incident_close_refusal(user, incident: Incident) -> RuleViolation | None:
    """R-INC-4: a room head closes; a major incident only once its review is signed."""
    if not _may(user, CLOSE):
        return RuleViolation("R-INC-4", _("Only a room head closes incidents."), status=403)
    if not incident.is_open:
        return RuleViolation("R-INC-4", _("This incident is closed."))
    if incident.needs_review and incident.reviewed_at is None:
        return RuleViolation("R-INC-4", _(
            "A %(grade)s incident is closed only after the security chief has signed its "
            "review (cause, lessons, measures).") % {"grade": incident.get_grade_display()})
    return None


def incident_review_refusal(user, incident: Incident) -> RuleViolation | None:
    if not _may(user, REVIEW):
        return RuleViolation("R-INC-4", _("Only the security chief signs the review."),
                             status=403)
    if not incident.is_open:
        return RuleViolation("R-INC-4", _("This incident is closed."))
    if not incident.needs_review:
        return RuleViolation("R-INC-4", _("Only major and especially major incidents are "
                                          "reviewed."))
    if incident.reviewed_at is not None:
        return RuleViolation("R-INC-4", _("The review is already signed."))
    return None


def hold_cameras(incident: Incident) -> list[Camera]:
    """R-INC-3: the incident's own cameras and every camera of its area in service."""
    chosen = set(incident.cameras.values_list("pk", flat=True))
    if incident.area_id:
        chosen |= set(Camera.objects.filter(area_id=incident.area_id).exclude(
            status=EquipmentStatus.RETIRED).values_list("pk", flat=True))
    return list(Camera.objects.filter(pk__in=chosen).order_by("code"))


def open_incidents(room):
    return (Incident.objects.filter(room=room).exclude(status=IncidentStatus.CLOSED)
            .select_related("area").order_by("occurred_at", "pk"))


def statistics(queryset) -> dict:
    """Counts by category, grade, place (area) and month."""
    def count(field):
        return list(queryset.values(field).annotate(n=Count("pk")).order_by("-n", field))

    return {
        "category": count("category"), "grade": count("grade"),
        "area": list(queryset.values("area__name").annotate(n=Count("pk"))
                     .order_by("-n", "area__name")),
        "month": list(queryset.annotate(month=TruncMonth("occurred_at")).values("month")
                      .annotate(n=Count("pk")).order_by("month")),
    }


def attachment_visible(user, item) -> bool:
    """R-FOOT-6: the wall's picture linked to an incident only for those who may see its
    camera; any other attachment of an incident in a privacy-sensitive area only for
    the area's knowledge scope."""
    from watchroom.core.selectors import in_knowledge_scope
    from watchroom.recording.access import camera_scope_refusal

    camera = item.log_picture.entry.camera if item.log_picture_id else None
    if camera is not None:
        return camera_scope_refusal(user, camera) is None
    area = item.incident.area
    return area is None or in_knowledge_scope(user, area)
