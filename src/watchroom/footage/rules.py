"""What a request needs before it may be filed, and who signs it (R-FOOT-1, -2, -6)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from watchroom.core.choices import RequesterType, Role
from watchroom.footage.choices import AttachmentKind

DEFAULT_CHAIN = [Role.SECURITY_CHIEF.value, Role.DEPUTY_DIRECTOR.value]
PRIVACY_SIGNERS = [Role.SECURITY_CHIEF.value, Role.DEPUTY_DIRECTOR.value]
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Each inner list: at least one of these documents (R-FOOT-2: police and judicial
# requests bring an official letter; patients a written application and their ID).
REQUIRED_DOCUMENTS: dict[str, list[list[str]]] = {
    RequesterType.POLICE: [[AttachmentKind.EVIDENCE_NOTICE, AttachmentKind.INTRODUCTION_LETTER]],
    RequesterType.JUDICIAL: [[AttachmentKind.EVIDENCE_NOTICE,
                              AttachmentKind.INTRODUCTION_LETTER]],
    RequesterType.PATIENT: [[AttachmentKind.WRITTEN_APPLICATION], [AttachmentKind.ID_COPY]],
    RequesterType.INTERNAL: [],
    RequesterType.OTHER: [[AttachmentKind.WRITTEN_APPLICATION], [AttachmentKind.ID_COPY]],
}
OFFICERS_REQUIRED = {RequesterType.POLICE: 2, RequesterType.JUDICIAL: 2}


@dataclass(frozen=True)
class Upload:
    kind: str
    name: str
    content: bytes


def approval_chain(profile, requester_type: str, privacy_sensitive: bool) -> list[str]:
    """R-FOOT-2: the profile's chain for the requester type (or its chain for "other",
    or the security chief then the deputy director); R-FOOT-6: footage of a
    privacy-sensitive area also needs both the security chief and the deputy director."""
    chains = profile.approval_chains or {}
    chain = list(chains.get(requester_type) or chains.get(RequesterType.OTHER) or DEFAULT_CHAIN)
    if privacy_sensitive:
        chain += [role for role in PRIVACY_SIGNERS if role not in chain]
    return chain


def sniff(content: bytes) -> str | None:
    """The document's real type from its first bytes, whatever its name says."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def missing_pieces(*, requester_type: str, fields: dict, officers: list, uploads: list[Upload],
                   scope: list, now: dt.datetime) -> list[str]:
    """Every problem with a request as entered, in the user's language; empty when it
    may be filed."""
    problems = []
    labels = {
        "requester_name": _("the requester's name"), "requester_unit": _("the unit"),
        "requester_contact": _("a contact"), "requester_id_number": _("the ID number"),
        "purpose": _("the purpose"),
    }
    for field, label in labels.items():
        if not str(fields.get(field) or "").strip():
            problems.append(_("Missing: %(what)s.") % {"what": label})
    if requester_type not in RequesterType.values:
        problems.append(_("Unknown requester type."))
        return problems
    kinds = {u.kind for u in uploads}
    for alternatives in REQUIRED_DOCUMENTS[requester_type]:
        if not kinds & set(alternatives):
            names = _(" or ").join(str(AttachmentKind(k).label) for k in alternatives)
            problems.append(_("Missing document: %(names)s.") % {"names": names})
    needed = OFFICERS_REQUIRED.get(requester_type, 0)
    complete = [o for o in officers
                if str(o.get("name", "")).strip() and str(o.get("badge", "")).strip()]
    if len(complete) < needed:
        problems.append(_("Name and badge number of %(n)s officers are required.") % {
            "n": needed})
    for upload in uploads:
        if upload.kind not in AttachmentKind.values:
            problems.append(_("Unknown document type for %(name)s.") % {"name": upload.name})
        if sniff(upload.content) is None:
            problems.append(_("%(name)s is not a PDF, JPEG or PNG file.") % {
                "name": upload.name})
        if len(upload.content) > MAX_ATTACHMENT_BYTES:
            problems.append(_("%(name)s is larger than %(mb)s MB.") % {
                "name": upload.name, "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)})
    if not scope:
        problems.append(_("Name at least one camera and time range."))
    for camera, start, end in scope:
        if end <= start:
            problems.append(_("%(camera)s: the range must end after it starts.") % {
                "camera": camera})
        elif start > now:
            problems.append(_("%(camera)s: the range lies in the future.") % {"camera": camera})
    return problems
