"""R-SEC-2: the page of one's API tokens (an administrator's lists everyone's)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.services import api_tokens


@allowed()
def token_list(request, new_key: str = ""):
    return render(request, "core/tokens.html", {
        "tokens": api_tokens.tokens_visible_to(request.user)[:500], "now": timezone.now(),
        "new_key": new_key, "days": api_tokens.lifetime_days(request.user),
        "page_title": _("API tokens")})


@allowed()
@require_POST
def token_new(request):
    _token, key = api_tokens.api_token_issue(actor=request.user,
                                         name=request.POST.get("name", "").strip())
    return token_list(request, new_key=key)


@allowed()
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(api_tokens.tokens_visible_to(request.user), pk=pk)
    api_tokens.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API token no longer works."))
    return redirect("core:token_list")
