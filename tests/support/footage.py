"""Footage requests in tests: documents as their first bytes, an approver's
authenticator app, the whole approval chain, and a chat robot's endpoint."""


from rest_framework.test import APIClient

from watchroom.footage import services
from watchroom.twofactor import services as twofactor
from watchroom.twofactor import totp

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


class Authenticator:
    """The phone app: knows the secret, tells the current code."""

    def __init__(self, user):
        self.user = user
        _device, self.secret = twofactor.authenticator_enrol(actor=user)
        self.last = totp.current_step() - 2
        twofactor.authenticator_confirm(actor=user, code=self.code())

    def code(self) -> str:
        """The next code the server has not seen (codes of the neighbouring 30-second
        steps are accepted, each once)."""
        self.last = max(self.last + 1, totp.current_step() - 1)
        return totp.code_at(self.secret, self.last)


def approve_all(request, people):
    """Both steps of the hospital chain, each with its approver's current code."""
    for who in ("chief", "deputy"):
        services.request_decide(actor=people[who], request=request, decision="approved",
                                code=people[f"{who}_app"].code(), comment="同意")
    request.refresh_from_db()
    return request


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
