from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.alerts import extensions, selectors, services
from watchroom.alerts.choices import Severity
from watchroom.alerts.models import Alert
from watchroom.alerts.names import ALERT_NAMES, alert_name
from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_detail, render_list
from watchroom.core.people import person_name
from watchroom.core.rooms import wall_sound_for
from watchroom.core.times import WITH_SECONDS, local_text, utc_iso
from watchroom.rules import RuleViolation


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
        extra={"alert": alert, "links": extensions.alert_links(request.user, alert),
               "can_acknowledge":
               selectors.alert_acknowledge_refusal(request.user, alert) is None},
    )


@require_POST
@allowed("alerts.acknowledge_alert")
def alert_acknowledge(request, pk):
    alert = get_object_or_404(Alert, pk=pk)
    if "application/json" in request.headers.get("Accept", ""):
        # The wall's feed acknowledges without leaving the page; a refusal answers as the
        # API does.
        try:
            services.alert_acknowledge(actor=request.user, alert=alert)
        except RuleViolation as exc:
            return JsonResponse({"rule": exc.rule_id, "detail": str(exc.message),
                                 "fields": exc.fields}, status=exc.status)
        return JsonResponse({"acknowledged": alert.pk})
    services.alert_acknowledge(actor=request.user, alert=alert)
    messages.success(request, _("Alert acknowledged."))
    return redirect(alert)


@allowed("alerts.view_alert")
def alert_feed(request):
    """The wall's feed: the open critical alerts that concern the person, with the
    address to acknowledge each when they may, and whether the room's wall sounds."""
    user = request.user
    alerts = [{
        "id": alert.pk,
        "kind": alert.kind,
        "kind_label": alert_name(alert.kind),
        "message": alert.message,
        "target": alert.target_label,
        "since": local_text(alert.opened_at, WITH_SECONDS),
        "since_utc": utc_iso(alert.opened_at),
        "acknowledged": alert.acknowledged_at is not None,
        "acknowledged_by": person_name(alert.acknowledged_by) if alert.acknowledged_by else "",
        "url": alert.get_absolute_url(),
        "acknowledge_url": reverse("alerts:alert_acknowledge", args=[alert.pk])
        if selectors.alert_acknowledge_refusal(user, alert) is None else None,
    } for alert in selectors.critical_feed(user)[:50]]
    response = JsonResponse({"alerts": alerts,
                             "sound": wall_sound_for(user, request.GET.get("room"))})
    response["Cache-Control"] = "no-store"
    return response
