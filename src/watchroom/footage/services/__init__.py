"""Footage writes, one module per concern: filing and scope changes (`requests`), the
approval chain (`decisions`), viewing and opening documents (`retrievals`), exports
(`exports`), the hand-over (`handover`). Each public function is a `@service`."""

from watchroom.footage.services.decisions import request_decide
from watchroom.footage.services.exports import (
    export_create,
    export_download,
    export_fail,
    export_finish,
)
from watchroom.footage.services.handover import handover_create
from watchroom.footage.services.requests import request_create, request_scope_change
from watchroom.footage.services.retrievals import attachment_open, retrieval_view

__all__ = [
    "attachment_open",
    "export_create",
    "export_download",
    "export_fail",
    "export_finish",
    "handover_create",
    "request_create",
    "request_decide",
    "request_scope_change",
    "retrieval_view",
]
