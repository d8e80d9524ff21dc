"""Reading the audit trail: searches and look-ups for the auditor's pages and the API."""

import datetime as dt
import json
import tempfile
import zipfile
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from watchroom.audit import chain, checkpoints
from watchroom.audit.models import AuditCheckpoint, AuditEvent
from watchroom.audit.names import category_prefixes

TEXT_FIELDS = ("actor", "action", "target_type", "target_id", "target_label", "data")


def action_filter(action: str) -> Q:
    """`auth.login` matches exactly; `auth.` or `auth.*` matches every action under it."""
    action = action.strip()
    if action.endswith("*"):
        return Q(action__startswith=action[:-1])
    if action.endswith("."):
        return Q(action__startswith=action)
    return Q(action=action)


def category_filter(category: str) -> Q | None:
    """Every action of a category of the filter (names.CATEGORIES); None if unknown."""
    prefixes = category_prefixes(category)
    if not prefixes:
        return None
    return reduce(or_, (Q(action__startswith=p) for p in prefixes))


def actor_filter(actor: str, *, by_name: bool = False) -> Q:
    """The account's user name exactly, or (`by_name`) a part of the person's full name."""
    if not by_name:
        return Q(actor__iexact=actor)
    people = get_user_model().objects.filter(staff__full_name__icontains=actor)
    return Q(actor__iexact=actor) | Q(actor_user_id__in=people.values("pk"))


def event_search(
    *,
    actor: str = "",
    action: str = "",
    category: str = "",
    actor_by_name: bool = False,
    target_type: str = "",
    target_id: str = "",
    target: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    text: str = "",
) -> QuerySet[AuditEvent]:
    """Events matching every given criterion, newest first (R-SEC-3)."""
    events = AuditEvent.objects.all()
    if actor.strip():
        events = events.filter(actor_filter(actor.strip()[:150], by_name=actor_by_name))
    if action.strip():
        events = events.filter(action_filter(action))
    if category and (in_category := category_filter(category)) is not None:
        events = events.filter(in_category)
    if target_type.strip():
        events = events.filter(target_type=target_type.strip())
    if target_id.strip():
        events = events.filter(target_id=target_id.strip())
    if target.strip():
        events = events.filter(target_label__icontains=target.strip()[:100])
    if since is not None:
        events = events.filter(ts__gte=since)
    if until is not None:
        events = events.filter(ts__lte=until)
    text = text.strip()[:100]
    if text:
        events = events.filter(reduce(or_, (Q(**{f"{f}__icontains": text}) for f in TEXT_FIELDS)))
    return events.order_by("-seq")


def event_get(*, seq: int) -> AuditEvent | None:
    return AuditEvent.objects.filter(seq=seq).first()


def event_neighbours(*, event: AuditEvent) -> tuple[int | None, int | None]:
    """Sequence numbers of the events just before and after this one, if present."""
    earlier = AuditEvent.objects.filter(seq__lt=event.seq).order_by("-seq")
    later = AuditEvent.objects.filter(seq__gt=event.seq).order_by("seq")
    return (earlier.values_list("seq", flat=True).first(),
            later.values_list("seq", flat=True).first())


def event_data_pretty(*, event: AuditEvent) -> str:
    try:
        return json.dumps(json.loads(event.data), ensure_ascii=False, indent=2, sort_keys=True)
    except ValueError:
        return event.data


def event_canonical_body(*, event: AuditEvent) -> tuple[str, str]:
    """The exact text whose SHA-256 enters the event's hash, and that digest."""
    body = chain._dumps([
        chain.canonical_ts(event.ts), event.actor, event.actor_user_id, event.action,
        event.target_type, event.target_id, event.target_label, event.data,
    ])
    return body, chain.body_digest(
        event.ts, event.actor, event.actor_user_id, event.action, event.target_type,
        event.target_id, event.target_label, event.data,
    )


def checkpoint_latest() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.order_by("-seq", "-created").first()


def checkpoint_covering(*, event: AuditEvent) -> AuditCheckpoint | None:
    """The latest checkpoint if it signs a head at or after this event, else None."""
    latest = checkpoint_latest()
    if latest is not None and latest.seq >= event.seq:
        return latest
    return None


def checkpoint_search() -> QuerySet[AuditCheckpoint]:
    return AuditCheckpoint.objects.order_by("-seq", "-created")


def checkpoint_get(*, pk: int) -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.filter(pk=pk).first()


def checkpoint_archive(*, since: int = 1):
    """A zip (a temporary file, rewound) of the exported checkpoints numbered `since`
    and later, and of the unnumbered ones signed before numbering when `since` is 1."""
    rows = AuditCheckpoint.objects.filter(number__gte=since)
    if since <= 1:
        rows = AuditCheckpoint.objects.filter(Q(number__gte=since) | Q(number__isnull=True))
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for checkpoint in rows.order_by("number", "seq", "pk").iterator():
            archive.writestr(checkpoints.file_name(checkpoint), checkpoints.export(checkpoint))
    spool.seek(0)
    return spool
