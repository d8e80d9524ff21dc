"""The authenticator page: a new secret is shown once, then confirmed by a code (R-SEC-2;
the approvers decide with it)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.forms import CodeForm
from watchroom.core.refusals import form_refusal
from watchroom.rules import RuleViolation
from watchroom.twofactor import services, totp


@allowed()
def enrol(request):
    if services.is_enrolled(request.user):
        return render(request, "core/authenticator.html", {"enrolled": True,
                                                         "page_title": _("Authenticator")})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.authenticator_confirm(actor=request.user, code=form.cleaned_data["code"])
        except RuleViolation as exc:
            form_refusal(form, exc, "code")
        else:
            messages.success(request, _("Your authenticator is set up."))
            return redirect("authenticator")
    secret = services.pending_secret(request.user)
    if secret is None:
        _device, secret = services.authenticator_enrol(actor=request.user)
    return render(request, "core/authenticator.html", {
        "form": form, "secret": secret,
        "uri": totp.provisioning_uri(secret, request.user.get_username()),
        "page_title": _("Authenticator")})
