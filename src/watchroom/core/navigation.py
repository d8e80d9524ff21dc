"""The menu each role sees: an entry shows only to users holding its permission."""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    perm: str | tuple[str, ...] | None  # a tuple: any one of them
    key: str = ""


SECTIONS = [
    (_("Places and people"), [
        Entry(_("Sites"), "core:site_list", "core.view_site"),
        Entry(_("Departments"), "core:department_list", "core.view_department"),
        Entry(_("Areas"), "core:area_list", "core.view_area"),
        Entry(_("Monitoring rooms"), "core:room_list", "core.view_monitoringroom"),
        Entry(_("Staff"), "core:staff_list", "core.view_staffprofile"),
        Entry(_("Policy profiles"), "core:policy_list", "core.view_policyprofile"),
        Entry(_("API tokens"), "core:token_list", None),
        Entry(_("Changes awaiting a leader"), "core:change_list", "core.view_pendingchange"),
    ]),
    (_("Equipment"), [
        Entry(_("My work"), "care:my_work", "care.complete_workorder"),
        Entry(_("Camera health"), "health:board", "health.view_healthcheck"),
        Entry(_("Faults"), "care:fault_list", "care.view_fault"),
        Entry(_("Maintenance"), "care:order_list", "care.view_workorder"),
        Entry(_("Cameras"), "devices:camera_list", "devices.view_camera", "c"),
        Entry(_("Recorders"), "devices:recorder_list", "devices.view_recorder"),
        Entry(_("Storage"), "devices:storage_list", "devices.view_storage"),
        Entry(_("Displays"), "devices:display_list", "devices.view_display"),
        Entry(_("Network devices"), "devices:networkdevice_list", "devices.view_networkdevice"),
        Entry(_("Power supplies"), "devices:powersupply_list", "devices.view_powersupply"),
        Entry(_("Camera blocks"), "health:block_list", None),
        Entry(_("Camera changes"), "health:change_list", "health.view_camerachange"),
        Entry(_("Maintenance plans"), "care:plan_list", "care.view_maintenanceplan"),
        Entry(_("End of day"), "care:reconciliation_board", "care.view_reconciliation"),
        Entry(_("Replacement"), "care:replacement_list", "care.view_replacementplan"),
        Entry(_("Archive as Excel"), "devices:archive_export", "devices.view_camera"),
    ]),
    (_("Recordings"), [
        Entry(_("Recordings"), "recording:overview", "recording.view_segment", "r"),
        Entry(_("Holds"), "recording:hold_list", "recording.view_hold"),
        Entry(_("Retention extensions"), "recording:extension_list",
              "recording.view_retentionextension"),
    ]),
    (_("Duty"), [
        Entry(_("Video wall"), "live:wall", "live.watch_wall", "w"),
        Entry(_("Duty desk"), "duty:desk_index", "duty.view_attendance", "d"),
        Entry(_("Duty log"), "duty:log_index", "duty.view_logentry", "j"),
        Entry(_("Incidents"), "incidents:list", "incidents.view_incident"),
        Entry(_("Handover"), "duty:handover_index", "duty.view_handover", "h"),
        Entry(_("Room head's board"), "duty:board_index", "duty.view_handover", "b"),
        Entry(_("Rosters"), "duty:index", "duty.view_roster"),
        Entry(_("My duties in a calendar"), "duty:calendar", "duty.view_roster"),
    ]),
    (_("Footage"), [
        Entry(_("Footage requests"), "footage:list",
              ("footage.view_footagerequest", "footage.add_footagerequest"), "f"),
        Entry(_("New request"), "footage:create", "footage.add_footagerequest", "n"),
        Entry(_("Inbox"), "notifications:inbox", None, "i"),
        Entry(_("Authenticator"), "authenticator", "footage.approve_footagerequest"),
    ]),
    (_("Supervision"), [
        Entry(_("Alerts"), "alerts:alert_list", "alerts.view_alert", "l"),
        Entry(_("Audit trail"), "audit:event_list", "audit.view_auditevent", "a"),
    ]),
]


@cache
def _url(name: str) -> str:
    return reverse(name)


def menu_for(user) -> list[dict]:
    menu = []
    for title, entries in SECTIONS:
        items = [
            {"label": e.label, "url": _url(e.url_name), "key": e.key, "name": e.url_name}
            for e in entries
            if e.perm is None or (any(user.has_perm(p) for p in e.perm)
                                  if isinstance(e.perm, tuple) else user.has_perm(e.perm))
        ]
        if items:
            menu.append({"title": title, "items": items})
    return menu
