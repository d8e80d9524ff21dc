from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.alerts import selectors, services
from watchroom.alerts.choices import Severity
from watchroom.alerts.models import Alert
from watchroom.alerts.names import ALERT_NAMES, alert_name
from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_detail, render_list
from watchroom.core.people import person_name
from watchroom.core.times import WITH_SECONDS, local_text


@allowed("alerts.view_alert")
def alert_list(request):
    return render_list(
        request, title=_("Alerts"),
        queryset=selectors.by_urgency().select_related("acknowledged_by__staff"),
        columns=[
            Column(_("severity"), lambda a: a.get_severity_display()),
            Column(_("kind"), lambda a: alert_name(a.kind)),
            Column(_("message"), lambda a: a.message),
            Column(_("opened"), lambda a: local_text(a.opened_at, WITH_SECONDS)),
            Column(_("acknowledged by"), lambda a: person_name(a.acknowledged_by)),
            Column(_("status"), lambda a: _("open") if a.is_open else _("closed")),
        ],
        search_fields=["message", "kind", "target_label"], url=lambda a: a.get_absolute_url(),
        filters=[
            Filter("closed", _("status"), [("1", _("open")), ("0", _("closed"))],
                   "closed_at__isnull"),
            Filter("severity", _("severity"), Severity.choices, "severity"),
            Filter("kind", _("kind"), list(ALERT_NAMES.items()), "kind"),
        ],
    )


@allowed("alerts.view_alert")
def alert_detail(request, pk):
    alert = get_object_or_404(Alert, pk=pk)
    return render_detail(
        request, title=_("Alert #%(id)s") % {"id": alert.pk},
        fields=[
            (_("severity"), alert.get_severity_display()),
            (_("message"), alert.message),
            (_("kind"), alert_name(alert.kind)),
            (_("target"), alert.target_label),
            (_("opened"), local_text(alert.opened_at, WITH_SECONDS)),
            (_("acknowledged by"), person_name(alert.acknowledged_by)),
            (_("acknowledged"), local_text(alert.acknowledged_at, WITH_SECONDS)),
            (_("closed"), local_text(alert.closed_at, WITH_SECONDS)),
            (_("closing note"), alert.close_note),
        ],
        template="alerts/alert_detail.html",
        extra={"alert": alert, "can_acknowledge": alert.is_open and not alert.acknowledged_at
               and request.user.has_perm("alerts.acknowledge_alert")},
    )


@require_POST
@allowed("alerts.acknowledge_alert")
def alert_acknowledge(request, pk):
    alert = get_object_or_404(Alert, pk=pk)
    services.alert_acknowledge(actor=request.user, alert=alert)
    messages.success(request, _("Alert acknowledged."))
    return redirect(alert)
