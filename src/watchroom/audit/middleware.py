import uuid

from watchroom.audit.context import request_context


class AuditContextMiddleware:
    """Tags every audit event written during a request with the client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex[:16]
        token = request_context.set(
            {"ip": request.META.get("REMOTE_ADDR", ""), "request": request.request_id}
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)
