"""R-SEC-2: a signed-in person whose password must be changed (too old for the
profile, or reset by an administrator) is sent to the change page and can do nothing
else until it is changed: every other page redirects there, the API answers 403."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.core.services.passwords import change_required

# What stays reachable: the change page itself, signing out, the language switch.
OPEN_VIEWS = {"password_change", "logout", "set_language"}


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_VIEWS:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        if change_required(user) is None:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"rule": "R-SEC-2", "detail": _(
                "Your password must be changed before anything else; change it on the "
                "“Change password” page.")}, status=403)
        url = reverse("password_change")
        if request.method == "GET" and not request.htmx:
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
