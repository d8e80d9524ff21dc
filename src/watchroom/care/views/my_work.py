"""The technician's "my work" page: maintenance due this week and overdue (theirs and
the unassigned), and the open faults by deadline when the faults module is installed."""

import importlib
import importlib.util

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.care.selectors import maintenance as sel
from watchroom.core.decorators import allowed

FAULTS = "watchroom.care.selectors.faults"


def _open_faults(user, now) -> list | None:
    """The open faults, by deadline; None when faults are not installed."""
    if importlib.util.find_spec(FAULTS) is None:
        return None
    return list(importlib.import_module(FAULTS).open_faults(user=user, now=now))


@allowed("care.complete_workorder")
def my_work(request):
    now = timezone.now()
    orders = list(sel.open_orders(now=now, days=sel.WEEK, user=request.user))
    return render(request, "care/my_work.html", {
        "page_title": _("My work"), "orders": orders, "today": sel.today(now),
        "faults": _open_faults(request.user, now)})
