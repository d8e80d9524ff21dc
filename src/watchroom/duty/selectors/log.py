"""The duty log (R-DUTY-4): searching it, and who may change or correct an entry
(`may_change`, `may_correct`, asked by the services and by the pages' buttons)."""

import datetime as dt

from django.db.models import Exists, F, Max, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf

from watchroom.duty.choices import HandoverStatus
from watchroom.duty.models import Handover, LogEntry

WRITE = "duty.add_logentry"


FIELDS = ("at", "camera", "area", "category", "seen", "done", "told")


def handed_over_until(room) -> dt.datetime | None:
    """The end of the room's last accepted handover: entries up to it are locked."""
    return Handover.objects.filter(room=room, status=HandoverStatus.ACCEPTED).aggregate(
        until=Max("decided_at"))["until"]


def may_change(actor, entry: LogEntry) -> bool:
    """Its author, with the right to write, until the entry is locked at the handover."""
    return (entry.locked_at is None and entry.author_id == actor.pk
            and actor.has_perm(WRITE))


def may_correct(actor, entry: LogEntry) -> bool:
    """Anyone who writes in the log and may not change this entry corrects it."""
    return actor.has_perm(WRITE) and not may_change(actor, entry)


def search(*, room=None, query: str = "", category: str = "", camera=None, since=None,
           until=None, before: LogEntry | None = None):
    """Matching entries, newest first; `before` continues a page after that entry. The
    author's name is read as a column, not as linked user and staff objects."""
    entries = LogEntry.objects.select_related("camera", "area").annotate(
        author_name=Coalesce(NullIf("author__staff__full_name", Value("")),
                             "author__username"),
        corrects_at=F("corrects__at"), picture_pk=F("picture__pk"),
        corrected=Exists(LogEntry.objects.filter(corrects=OuterRef("pk"))))
    if room is not None:
        entries = entries.filter(room=room)
    if query:
        entries = entries.filter(Q(seen__icontains=query) | Q(done__icontains=query)
                                 | Q(told__icontains=query))
    if category:
        entries = entries.filter(category=category)
    if camera is not None:
        entries = entries.filter(camera=camera)
    if since is not None:
        entries = entries.filter(at__gte=since)
    if until is not None:
        entries = entries.filter(at__lt=until)
    if before is not None:
        entries = entries.filter(Q(at__lt=before.at) | Q(at=before.at, pk__lt=before.pk))
    return entries.order_by("-at", "-pk")
