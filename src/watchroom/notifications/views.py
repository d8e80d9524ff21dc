from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.notifications import selectors, services


@allowed()
def inbox(request):
    if request.method == "POST":  # "Mark all read": the body holds only the CSRF token
        services.inbox_mark_read(actor=request.user)
        return redirect("notifications:inbox")
    return render(request, "notifications/inbox.html", {
        "items": selectors.inbox_for(request.user), "page_title": _("Inbox")})
