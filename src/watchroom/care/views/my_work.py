"""The technician's "my work" page: maintenance due this week and overdue (theirs and
the unassigned), and the open faults by deadline (theirs and the unassigned)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.care.selectors import faults as fault_selectors
from watchroom.care.selectors import maintenance as sel
from watchroom.core.decorators import allowed
from watchroom.core.times import local_text


@allowed("care.complete_workorder")
def my_work(request):
    now = timezone.now()
    orders = list(sel.open_orders(now=now, days=sel.WEEK, user=request.user))
    faults = fault_selectors.open_faults(user=request.user, now=now)
    for fault in faults:
        fault.deadline_text = local_text(fault.deadline)
        fault.left_text = fault_selectors.remaining_text(fault, now)
    return render(request, "care/my_work.html", {
        "page_title": _("My work"), "orders": orders, "today": sel.today(now),
        "faults": faults})
