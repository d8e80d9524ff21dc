from django.utils.translation import gettext as _

from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.notifications import ack_links
from watchroom.notifications.choices import EscalationState
from watchroom.notifications.models import Notice, Notification
from watchroom.rules import RuleViolation

INBOX_LENGTH = 200


def inbox_for(user, limit: int = INBOX_LENGTH):
    """A person's inbox, newest first."""
    return Notification.objects.filter(user=user)[:limit]


def open_notices_for(user):
    """The escalations under way that `user` has been told of (R-INC-2), newest first:
    what the inbox offers to acknowledge."""
    return (Notice.objects.filter(user=user, sent_at__isnull=False,
                                  level__escalation__state=EscalationState.CLIMBING)
            .select_related("level__escalation").order_by("-sent_at", "-pk"))


def escalation_acknowledge_refusal(actor, notice: Notice) -> RuleViolation | None:
    """What stops `actor` acknowledging the escalation `notice` told them of, or None:
    only its recipient, once told, while the escalation is under way (R-INC-2)."""
    escalation = notice.level.escalation
    if actor.pk != notice.user_id:
        return RuleViolation("R-INC-2", _(
            "Only the people an escalation has told acknowledge it."), status=403)
    if escalation.state == EscalationState.ACKNOWLEDGED:
        return RuleViolation("R-INC-2", _(
            "%(name)s already acknowledged it, at %(when)s.") % {
                "name": person_name(escalation.acknowledged_by),
                "when": local_text(escalation.acknowledged_at)})
    if escalation.state == EscalationState.STOPPED:
        return RuleViolation("R-INC-2", _(
            "This escalation has stopped: its subject was closed."))
    if notice.sent_at is None:
        return RuleViolation("R-INC-2", _(
            "The escalation has not reached you yet."), status=403)
    return None


def notice_for_token(token: str) -> Notice:
    """The notice an acknowledgement link names; a forged or expired link is refused."""
    try:
        pk, key, _via = ack_links.read(token)
    except ack_links.Expired:
        raise RuleViolation("R-INC-2", _(
            "This acknowledgement link has expired. Acknowledge from your inbox "
            "instead."), status=410) from None
    except ack_links.Forged:
        pk, key = None, None
    notice = (Notice.objects.select_related("level__escalation", "user")
              .filter(pk=pk, link_key=key).first() if pk else None)
    if notice is None:
        raise RuleViolation("R-INC-2", _(
            "This acknowledgement link is not valid."), status=400)
    return notice


def ack_link_refusal(actor, token: str) -> tuple[Notice | None, RuleViolation | None]:
    """The notice a link names and what stops its use now, or None: a forged, expired or
    used link, one sent to someone else than the signed-in `actor`, an escalation
    acknowledged or stopped already."""
    try:
        notice = notice_for_token(token)
    except RuleViolation as exc:
        return None, exc
    if notice.link_used_at is not None:
        return notice, RuleViolation("R-INC-2", _(
            "This acknowledgement link was already used, at %(when)s. Each link works "
            "once.") % {"when": local_text(notice.link_used_at)}, status=410)
    if actor is not None and actor.is_authenticated and actor.pk != notice.user_id:
        return notice, RuleViolation("R-INC-2", _(
            "This acknowledgement link was sent to %(name)s, not to you.") % {
                "name": person_name(notice.user)}, status=403)
    return notice, escalation_acknowledge_refusal(notice.user, notice)
