"""A wall's scene: a room, an operator of it and its head, an ordinary area with two
cameras and a privacy-sensitive one whose knowledge scope names only the head; pictures
as a browser's canvas would send them."""

import io
import json
from fractions import Fraction

import av
from django.contrib.auth import get_user_model

from tests.conftest import SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.devices import services as devices


class Wall:
    def __init__(self, *, make_staff, site, department, area, room):
        self.room = room
        self.operator = make_staff(Role.OPERATOR, rooms=[room], full_name="李强").user
        self.head = make_staff(Role.SHIFT_LEAD, rooms=[room], full_name="周组长").user
        self.area = area
        self.private = core.area_create(actor=SYSTEM, site=site, code=f"PV{area.pk}",
                                        name="病房走廊", department=department,
                                        privacy_sensitive=True)
        self.private.knowledge_scope.add(self.head)
        recorder = devices.recorder_create(actor=SYSTEM, code=f"WR-W{area.pk}", name="本机",
                                           site=site, kind="watchroom")
        self.hall = devices.camera_create(actor=SYSTEM, code=f"CAM-HALL-{area.pk}",
                                          name="门诊大厅", area=area, recorder=recorder,
                                          stream_url="rtsp://192.0.2.20/1")
        self.gate = devices.camera_create(actor=SYSTEM, code=f"CAM-GATE-{area.pk}",
                                          name="东门", area=area, recorder=recorder,
                                          stream_url="rtsp://192.0.2.21/1")
        self.ward = devices.camera_create(actor=SYSTEM, code=f"CAM-WARD-{area.pk}",
                                          name="病房走廊 3 号", area=self.private,
                                          recorder=recorder,
                                          stream_url="rtsp://192.0.2.22/1")


def picture(kind: str = "jpeg", width: int = 320, height: int = 180) -> bytes:
    """A JPEG or PNG as canvas.toBlob gives it: a real encoded picture."""
    codec, pix_fmt = ("mjpeg", "yuvj420p") if kind == "jpeg" else ("png", "rgb24")
    row = bytes((200, 40, 40)) * (width // 2) + bytes(3 * (width - width // 2))
    rgb = av.VideoFrame(width, height, "rgb24")
    plane = rgb.planes[0]
    plane.update(b"".join(row + bytes(plane.line_size - 3 * width) for _ in range(height)))
    frame = rgb.reformat(format=pix_fmt)
    context = av.CodecContext.create(codec, "w")
    context.width, context.height, context.pix_fmt = width, height, pix_fmt
    context.time_base = Fraction(1, 25)
    out = io.BytesIO()
    for packet in context.encode(frame):
        out.write(bytes(packet))
    for packet in context.encode(None):
        out.write(bytes(packet))
    return out.getvalue()


def refusals(rule: str, user) -> int:
    return sum(1 for e in AuditEvent.objects.filter(action="rule.refused",
                                                    actor_user_id=user.pk)
               if json.loads(e.data).get("rule") == rule)


def user(pk):
    return get_user_model().objects.get(pk=pk)
