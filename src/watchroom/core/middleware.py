from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from watchroom.core.error_views import refusal
from watchroom.rules import RuleViolation


class RuleViolationMiddleware:
    """A refused action reaching a page becomes a clear page naming the rule, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RuleViolation):
            return None
        if request.htmx:
            return render(request, "partials/rule_violation.html", {"violation": exception},
                          status=exception.status)
        return refusal(request, exception)


class RejectNulCharactersMiddleware:
    """A NUL character in the query string is refused with a 400: no database stores it,
    and PostgreSQL would answer an error instead of no match. (Form and API fields
    refuse it in bodies already.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in text for key, values in request.GET.lists() for text in (key, *values)):
            return HttpResponseBadRequest(_("The address contains a NUL character."))
        return self.get_response(request)
