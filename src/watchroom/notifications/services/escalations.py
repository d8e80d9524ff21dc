"""Escalation chains (R-INC-2): people told about a subject level after level until one
of them acknowledges it. Every message goes through the outbox (services.notify's
channels), so a channel that is down gets it later and every delivery is logged.

A subject is anything with a key `app_label.model:pk` (an incident, an alert…): this
app knows nothing of incidents, which start and stop their escalations here."""

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.choices import Severity
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.context import Process
from watchroom.audit.services import audit_record
from watchroom.core.models import PolicyProfile
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.notifications import ack_links, selectors
from watchroom.notifications.channels import INBOX, fingerprint, webhooks
from watchroom.notifications.choices import AcknowledgedBy, Channel, EscalationState
from watchroom.notifications.models import Delivery, Escalation, EscalationLevel, Notice
from watchroom.notifications.services.notify import message_text, send_soon
from watchroom.rules import RuleViolation
from watchroom.service import service

ACTOR = Process("escalation")
SUBJECT = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*:\S{1,60}$")


@dataclass(frozen=True)
class Level:
    """Who one level tells, and how long they have to acknowledge (minutes; by default
    the site profile's `escalation_minutes`). Roles are role codes (core Role); `room`
    keeps them to a monitoring room's staff (the room head: the room's shift lead), and
    `department` to a department's staff (the area's department head)."""

    roles: tuple[str, ...] = ()
    people: tuple = ()
    minutes: int | None = None
    room: object = None
    department: object = None

    def recipients(self) -> list:
        users = get_user_model().objects.filter(is_active=True)
        found = set()
        if self.roles:
            by_role = users.filter(groups__name__in=self.roles)
            if self.room is not None:
                by_role = by_role.filter(staff__rooms=self.room)
            if self.department is not None:
                by_role = by_role.filter(staff__department=self.department)
            found |= set(by_role.values_list("pk", flat=True))
        found |= {p.pk for p in self.people if p.is_active}
        return list(users.filter(pk__in=found).order_by("pk"))

    def named(self) -> str:
        parts = [*self.roles]
        if self.room is not None:
            parts.append(f"room:{self.room.pk}")
        if self.department is not None:
            parts.append(f"department:{self.department.pk}")
        parts += [f"user:{p.pk}" for p in self.people]
        return " ".join(parts)[:300]


def subject_key(subject) -> str:
    """`app_label.model:pk` for a model instance, or the key itself."""
    key = subject if isinstance(subject, str) else f"{subject._meta.label_lower}:{subject.pk}"
    if not SUBJECT.match(key):
        raise RuleViolation("R-INC-2", _("An escalation's subject is named "
                                         "“app_label.model:id”."), status=400)
    return key


def default_minutes(site) -> int:
    if site is not None:
        return site.policy.escalation_minutes
    return PolicyProfile._meta.get_field("escalation_minutes").default


@service
def escalation_start(*, actor, subject, levels: list[Level], title: str, message: str = "",
                     url: str = "", site=None) -> Escalation:
    """Start telling `levels` about `subject`: level 1 at once, the next one when a level
    has let its minutes pass unacknowledged (see escalation_tick). Each level's people
    are found now and kept. Levels that name nobody are left out (and recorded)."""
    key = subject_key(subject)
    if Escalation.objects.filter(subject=key, state=EscalationState.CLIMBING).exists():
        raise RuleViolation("R-INC-2", _("This subject's escalation is already under way."))
    resolved = [(level, level.recipients()) for level in levels]
    kept = [(level, people) for level, people in resolved if people]
    if not kept:
        raise RuleViolation("R-INC-2", _("Nobody is named by the escalation's levels."),
                            status=400)
    now = timezone.now()
    escalation = Escalation.objects.create(
        subject=key, title=title[:200], message=message, url=url, site=site, started_at=now)
    for order, (level, people) in enumerate(kept, start=1):
        row = EscalationLevel.objects.create(
            escalation=escalation, order=order, named=level.named(),
            minutes=level.minutes or default_minutes(site))
        Notice.objects.bulk_create([Notice(level=row, user=u, link_key=secrets.token_hex(16))
                                    for u in people])
    first = escalation.levels.get(order=1)
    _notify_level(escalation, first, now)
    escalation.due_at = now + dt.timedelta(minutes=first.minutes)
    escalation.save(update_fields=["due_at"])
    audit_record(actor=actor, action="escalation.started", target=escalation, data={
        "subject": key, "levels": [{"minutes": row.minutes, "named": row.named,
                                    "people": list(row.notices.values_list("user", flat=True))}
                                   for row in escalation.levels.all()],
        "left_out": [level.named() for level, people in resolved if not people]})
    return escalation


def escalation_tick(*, now: dt.datetime | None = None) -> int:
    """The worker's job: every escalation whose level is overdue climbs (or reminds),
    each in its own transaction. The number that did."""
    now = now or timezone.now()
    due = Escalation.objects.filter(state=EscalationState.CLIMBING, due_at__lte=now)
    return sum(escalation_climb(actor=ACTOR, escalation_id=pk, now=now)
               for pk in list(due.values_list("pk", flat=True)))


@service
def escalation_climb(*, actor, escalation_id: int, now: dt.datetime) -> bool:
    """One overdue escalation: the next level is told and the earlier ones reminded;
    past the last level everyone is reminded again every last level's minutes and an
    alert is raised. False when another worker or an acknowledgement came first."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation_id)
    if escalation.state != EscalationState.CLIMBING or escalation.due_at > now:
        return False
    levels = list(escalation.levels.order_by("order"))
    reached = [level for level in levels if level.notified_at is not None]
    waiting = [level for level in levels if level.notified_at is None]
    _remind(escalation, reached, now)
    if waiting:
        level = waiting[0]
        _notify_level(escalation, level, now)
        action, data = "escalation.climbed", {"level": level.order}
    else:
        level = levels[-1]
        escalation.reminders += 1
        action, data = "escalation.reminded", {"reminder": escalation.reminders}
        alert_raise(actor=actor, kind="notifications.escalation_unacknowledged",
                    severity=Severity.CRITICAL, key=alert_key(escalation), target=escalation,
                    message=_("Nobody has acknowledged “%(title)s”, started %(started)s, "
                              "after every level of its escalation (R-INC-2).") % {
                        "title": escalation.title,
                        "started": local_text(escalation.started_at)})
    escalation.due_at = now + dt.timedelta(minutes=level.minutes)
    escalation.save(update_fields=["due_at", "reminders"])
    audit_record(actor=actor, action=action, target=escalation, data=data)
    return True


@service
def escalation_acknowledge(*, actor, notice: Notice,
                           how: str = AcknowledgedBy.INBOX) -> Escalation:
    """`actor`, a recipient, has it in hand: the escalation stops climbing."""
    escalation = Escalation.objects.select_for_update().get(pk=notice.level.escalation_id)
    notice.level.escalation = escalation
    refusal = selectors.escalation_acknowledge_refusal(actor, notice)
    if refusal is not None:
        raise refusal
    now = timezone.now()
    notice.acknowledged_at, notice.acknowledged_how = now, how
    notice.save(update_fields=["acknowledged_at", "acknowledged_how"])
    escalation.state = EscalationState.ACKNOWLEDGED
    escalation.acknowledged_at, escalation.acknowledged_by = now, actor
    escalation.due_at = None
    escalation.save(update_fields=["state", "acknowledged_at", "acknowledged_by", "due_at"])
    alert_close(actor=actor, key=alert_key(escalation),
                note=_("Acknowledged by %(name)s") % {"name": person_name(actor)})
    audit_record(actor=actor, action="escalation.acknowledged", target=escalation,
                 data={"how": how, "level": notice.level.order, "notice": notice.pk})
    return escalation


@service
def escalation_acknowledge_link(*, token: str, actor=None) -> Escalation:
    """Acknowledge with a link's token (e-mail or chat): it names one recipient, is used
    once, and expires. A signed-in `actor` must be that recipient."""
    notice, refusal = selectors.ack_link_refusal(actor, token)
    if refusal is not None:
        raise refusal
    _pk, _key, via = ack_links.read(token)
    notice.link_used_at = timezone.now()
    notice.save(update_fields=["link_used_at"])
    return escalation_acknowledge(actor=notice.user, notice=notice,
                                  how=AcknowledgedBy.EMAIL if via == "email"
                                  else AcknowledgedBy.CHAT)


@service
def escalation_stop(*, actor, subject, note: str = "") -> int:
    """The subject is closed: its escalation under way, if any, stops. How many did."""
    key = subject_key(subject)
    count = 0
    for escalation in Escalation.objects.select_for_update().filter(
            subject=key, state=EscalationState.CLIMBING):
        escalation.state = EscalationState.STOPPED
        escalation.stopped_at, escalation.due_at = timezone.now(), None
        escalation.save(update_fields=["state", "stopped_at", "due_at"])
        alert_close(actor=actor, key=alert_key(escalation), note=note)
        audit_record(actor=actor, action="escalation.stopped", target=escalation,
                     data={"note": str(note)[:300]})
        count += 1
    return count


def alert_key(escalation: Escalation) -> str:
    return f"notifications.escalation:{escalation.pk}"


# --- the messages ------------------------------------------------------------------------


def _notify_level(escalation: Escalation, level: EscalationLevel, now) -> None:
    level.notified_at = now
    level.save(update_fields=["notified_at"])
    notices = list(level.notices.select_related("user__staff"))
    for notice in notices:
        notice.sent_at = now
    Notice.objects.bulk_update(notices, ["sent_at"])
    _send(escalation, notices, "escalation_notice", now)


def _remind(escalation: Escalation, levels: list[EscalationLevel], now) -> None:
    notices = list(Notice.objects.filter(level__in=levels).select_related("user__staff", "level"))
    _send(escalation, notices, "escalation_reminder", now)


def _send(escalation: Escalation, notices: list[Notice], kind: str, now) -> None:
    """Each recipient: an inbox row, an e-mail with their own link, and one message to
    each chat robot naming them with their link. Sent after commit."""
    robots = webhooks()
    ids = []
    for notice in notices:
        name = person_name(notice.user)
        context = {"title": escalation.title, "message": escalation.message,
                   "level": notice.level.order, "name": name,
                   "started": local_text(escalation.started_at),
                   "minutes": notice.level.minutes}
        title, text = message_text(kind, context)
        [row] = INBOX.write([notice.user], title=title, text=text,
                            link=escalation.url, now=now)
        common = {"kind": kind, "title": title, "created_at": now, "next_attempt_at": now}
        deliveries = []
        if notice.user.email:
            deliveries.append(Delivery(
                notification=row, channel=Channel.EMAIL, target=notice.user.email, text=text,
                link=ack_links.link_for(notice, "email"), **common))
        chat = _("For %(name)s: %(text)s") % {"name": name, "text": text}
        deliveries += [Delivery(channel=channel, target=fingerprint(url), text=chat,
                                link=ack_links.link_for(notice, "chat"), **common)
                       for channel, url in robots]
        deliveries = Delivery.objects.bulk_create(deliveries)
        notice.notifications.add(row)
        notice.deliveries.add(*deliveries)
        ids += [d.pk for d in deliveries]
    if ids:
        transaction.on_commit(lambda: send_soon(ids))
