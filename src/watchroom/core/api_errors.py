from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from watchroom.rules import RuleViolation


def exception_handler(exc, context):
    """RuleViolation → JSON naming the rule; a model's ValidationError → 400."""
    if isinstance(exc, RuleViolation):
        body = {"rule": exc.rule_id, "detail": str(exc.message)}
        if exc.fields:
            body["fields"] = exc.fields
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "permission denied"}, status=403)
    return drf_exception_handler(exc, context)
