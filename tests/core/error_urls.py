"""The site's addresses plus three that fail on purpose, for the error page tests."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from watchroom.rules import RuleViolation
from watchroom.urls import handler403, handler404  # noqa: F401
from watchroom.urls import urlpatterns as site


def boom(request):
    raise RuntimeError("a bug")


def refused(request):
    raise RuleViolation("R-FOOT-3", _("Nobody approves their own request."), status=403)


urlpatterns = [*site, path("boom/", boom), path("refused/", refused)]
