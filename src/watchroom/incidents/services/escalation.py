"""R-INC-2: who is told of an incident, by its grade, level after level until one of
them acknowledges (the notifications app's escalation: in the inbox, by e-mail and chat
with a single-use link, each level given the profile's `escalation_minutes`).

- 一般 (general): the room's heads.
- 较大 (larger): the room's heads; then the security chief; then the deputy director.
- 重大 (major): the room's heads and the security chief; then the deputy director.
- 特别重大 (especially major): all of them at once.

A grade raised while the chain is still climbing leaves it climbing; raised after it
was acknowledged, the new grade's chain starts. Closing the incident stops it."""

from django.utils.translation import gettext as _

from watchroom.core.choices import Role
from watchroom.core.people import person_name
from watchroom.incidents.choices import EventKind, IncidentGrade
from watchroom.incidents.services.timeline import event_add
from watchroom.notifications.choices import EscalationState
from watchroom.notifications.models import Escalation
from watchroom.notifications.services import Level, escalation_start, escalation_stop
from watchroom.notifications.services.escalations import subject_key

HEADS, CHIEF, DEPUTY = Role.SHIFT_LEAD, Role.SECURITY_CHIEF, Role.DEPUTY_DIRECTOR
CHAINS = {
    IncidentGrade.GENERAL: [(HEADS,)],
    IncidentGrade.LARGER: [(HEADS,), (CHIEF,), (DEPUTY,)],
    IncidentGrade.MAJOR: [(HEADS, CHIEF), (DEPUTY,)],
    IncidentGrade.ESPECIALLY_MAJOR: [(HEADS, CHIEF, DEPUTY)],
}


def levels_for(incident) -> list[Level]:
    """The grade's chain; of the room heads, those of the incident's room."""
    heads = tuple(Level(roles=(HEADS,), room=incident.room).recipients())
    return [Level(roles=tuple(r for r in roles if r != HEADS),
                  people=heads if HEADS in roles else ())
            for roles in CHAINS[IncidentGrade(incident.grade)]]


def climbing(incident) -> bool:
    return Escalation.objects.filter(subject=subject_key(incident),
                                     state=EscalationState.CLIMBING).exists()


def escalate(actor, incident) -> Escalation | None:
    """Start the grade's chain (inside the caller's transaction); None when nobody is
    named (the timeline says so) or a chain is already climbing."""
    if climbing(incident):
        return None
    levels = levels_for(incident)
    if not any(level.recipients() for level in levels):
        event_add(incident, EventKind.ESCALATED, actor=actor, text=_(
            "Nobody to tell: no room head, security chief or deputy director is named."))
        return None
    escalation = escalation_start(
        actor=actor, subject=incident, levels=levels, site=incident.site,
        title=_("Incident #%(pk)s (%(grade)s): %(title)s") % {
            "pk": incident.pk, "grade": IncidentGrade(incident.grade).label,
            "title": incident.title},
        message=incident.seen, url=incident.get_absolute_url())
    told = "; ".join(
        f"{level.order}. " + ", ".join(person_name(n.user) for n in level.notices.all())
        for level in escalation.levels.prefetch_related("notices__user"))
    event_add(incident, EventKind.ESCALATED, actor=actor,
              text=_("Escalation started: %(levels)s") % {"levels": told})
    return escalation


def escalation_end(actor, incident) -> None:
    escalation_stop(actor=actor, subject=incident, note=_("The incident is closed."))
