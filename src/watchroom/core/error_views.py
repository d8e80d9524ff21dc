"""The site's own refusal and not-found pages (R-SEC-1): in the reader's language,
with the menu for a signed-in reader, what was refused, by which rule, and a way back.
The 500 page is a plain template (templates/500.html) that needs no database."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from watchroom.core.roles import role_label, roles_of
from watchroom.rules import RuleViolation


def back_url(request) -> str:
    """Where the reader came from, if that was this site; else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return reverse("home")


def refused_what(request) -> str:
    path = request.path
    if request.method in ("GET", "HEAD"):
        return _("Opening the page %(path)s was refused.") % {"path": path}
    return _("The action at %(path)s was refused and not carried out.") % {"path": path}


def refusal(request, violation: RuleViolation, *, template: str = "rule_violation.html"):
    """The page for an action a rule refuses (RuleViolationMiddleware and 403 below)."""
    return render(request, template, {
        "violation": violation, "refused": refused_what(request), "back_url": back_url(request),
    }, status=violation.status)


def forbidden(request, exception=None):
    """A page the reader's roles do not open: R-SEC-1, role-based permissions."""
    detail = str(exception or "").strip()
    if isinstance(exception, RuleViolation):
        return refusal(request, exception)
    if not detail:
        roles = [role_label(code) for code in roles_of(request.user)]
        detail = (_("Your roles (%(roles)s) do not allow it. If your work needs it, ask "
                    "the administrator.") % {"roles": "、".join(roles)} if roles else
                  _("Your account holds no role that allows it. If your work needs it, ask "
                    "the administrator."))
    return refusal(request, RuleViolation("R-SEC-1", detail, status=403))


def csrf_failure(request, reason=""):
    """A form sent from a page too old (or from elsewhere): no rule, just try again."""
    return render(request, "rule_violation.html", {
        "refused": refused_what(request), "back_url": back_url(request),
        "problem": _("The form came from a page that is no longer valid (you may have "
                     "signed in again in the meantime). Go back, reload the page and send "
                     "it again."),
    }, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", {"back_url": back_url(request)}, status=404)
