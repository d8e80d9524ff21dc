"""The retrieval register (R-FOOT-4): one row per request with the fields the national
regulation names — the user's unit and name, the reason, the content — and who
approved, who retrieved, when, and to whom it was handed."""

import io
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.footage.models import Approval, FootageRequest, ScopeItem


@dataclass
class Entry:
    request: FootageRequest
    content: str
    approvers: str
    retrieved_by: str
    retrieved_at: str
    handed_to: str
    handed_at: str


def _person(user) -> str:
    return person_name(user)


def matching(*, query: str = "", status: str = "", requests=None):
    """The requests the register shows for a search, newest first."""
    requests = FootageRequest.objects.all() if requests is None else requests
    if query:
        requests = requests.filter(
            Q(number__icontains=query) | Q(requester_name__icontains=query)
            | Q(requester_unit__icontains=query) | Q(purpose__icontains=query)
            | Q(handovers__recipient_name__icontains=query)).distinct()
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-entered_at")


def entries(requests) -> list[Entry]:
    """Register rows for these requests (a few queries, however many rows)."""
    requests = requests.select_related("entered_by__staff").prefetch_related(
        Prefetch("scope", queryset=ScopeItem.objects.select_related("camera")),
        Prefetch("approvals", queryset=Approval.objects.select_related("approver__staff")),
        "retrievals__operator__staff", "handovers")
    rows = []
    for r in requests:
        scope = [i for i in r.scope.all() if i.version == r.scope_version]
        approvals = [a for a in r.approvals.all() if a.scope_version == r.scope_version]
        retrievals = list(r.retrievals.all())
        handovers = list(r.handovers.all())
        rows.append(Entry(
            request=r,
            content="; ".join(f"{i.camera.code} {i.camera.name} "
                              f"{local_text(i.start, '%Y-%m-%d %H:%M:%S')}–"
                              f"{local_text(i.end, '%H:%M:%S')}" for i in scope),
            approvers=", ".join(f"{a.get_role_display()} {_person(a.approver)} "
                                f"{a.get_decision_display()}" for a in approvals),
            retrieved_by=", ".join(sorted({_person(x.operator) for x in retrievals})),
            retrieved_at=local_text(retrievals[0].at) if retrievals else "",
            handed_to=", ".join(f"{h.recipient_name} ({h.recipient_unit}, {h.recipient_id_number})"
                                for h in handovers),
            handed_at=local_text(handovers[-1].handed_at) if handovers else "",
        ))
    return rows


def headers() -> list[str]:
    return [_("number"), _("entered"), _("requester type"), _("user's unit"), _("user's name"),
            _("contact"), _("identity document number"), _("reason"), _("content"),
            _("view or copy"), _("approved by"), _("status"), _("retrieved by"),
            _("retrieved"), _("handed to"), _("handed over")]


def values(entry: Entry) -> list[str]:
    r = entry.request
    return [r.number, local_text(r.entered_at), r.get_requester_type_display(), r.requester_unit,
            r.requester_name, r.requester_contact, r.requester_id_number, r.purpose,
            entry.content, r.get_need_display(), entry.approvers, r.get_status_display(),
            entry.retrieved_by, entry.retrieved_at, entry.handed_to, entry.handed_at]


def workbook(rows: list[Entry]) -> io.BytesIO:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Register")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in rows:
        sheet.append([_safe(v) for v in values(entry)])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _safe(value: str) -> str:
    """A cell that a spreadsheet would run as a formula is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
