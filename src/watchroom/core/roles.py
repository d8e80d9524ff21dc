"""Roles are permission groups named by their code (R-SEC-1).

Nobody is granted delete: records are retired, never removed.
"""

from django.contrib.auth.models import Group, Permission

from watchroom.core.choices import Role

PLACES = ["site", "department", "area", "monitoringroom", "staffprofile", "policyprofile"]
EQUIPMENT = ["camera", "recorder", "storage", "display", "networkdevice", "powersupply"]


def _perms(app: str, models: list[str], *actions: str) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


VIEW_RECORDS = (_perms("core", PLACES, "view") + _perms("devices", EQUIPMENT, "view")
                + ["devices.view_floorplan", "care.view_reconciliation",
                   "care.view_replacementplan"])
# R-EQUIP-6: the technician and the room head draft replacement plans and record them done.
REPLACEMENT = ["care.add_replacementplan", "care.change_replacementplan"]
AUDIT = ["audit.view_auditevent", "audit.view_auditcheckpoint", "audit.verify_auditevent"]

RECORDINGS = _perms("recording", ["segment", "gap", "hold", "retentionextension"], "view")
PLAYBACK = ["recording.playback_check"]
HOLDS = ["recording.add_hold"]
LEAD_RECORDINGS = ["recording.release_hold", "recording.approve_retentionextension"]
REQUEST_RETENTION = ["recording.add_retentionextension"]
ALERTS = ["alerts.view_alert", "alerts.acknowledge_alert"]
ROSTER_VIEW = ["duty.view_roster", "duty.view_assignment", "duty.view_logentry"]
DUTY_LOG = ["duty.view_logentry", "duty.add_logentry"]
SHIFT_VIEW = _perms("duty", ["attendance", "postabsence", "shiftcheck", "handover",
                             "inventoryitem"], "view")
SHIFT_WORK = [*SHIFT_VIEW, *_perms("duty", ["attendance", "postabsence", "shiftcheck",
                                             "handover"], "add")]
# A room head also places cameras on the areas' floor plans and sets the wall's sound.
FLOOR_PLANS = ["devices.view_floorplan", "devices.add_floorplan", "devices.change_floorplan"]
ROOM_HEAD = [*SHIFT_WORK, "duty.approve_postabsence", "duty.add_inventoryitem",
             "duty.change_inventoryitem", *FLOOR_PLANS, "core.set_wall_sound",
             "care.view_reconciliation", "care.sign_reconciliation", *REPLACEMENT]
# R-FOOT-6: who is inside a privacy-sensitive area's knowledge scope is a data rule,
# kept by the security chief (who signs viewings outside it).
KNOWLEDGE_SCOPE = ["core.manage_knowledge_scope"]
ROSTER_EDIT = [*ROSTER_VIEW, "duty.add_roster", "duty.change_roster", "duty.publish_roster"]
# R-EQUIP-3: the health board and history; asking for a camera's check now.
PROBE_VIEW = ["health.view_healthcheck"]
HEALTH_PROBE = [*PROBE_VIEW, "health.probe_camera"]
WALL = ["live.watch_wall"]
WALL_HEAD = [*WALL, "live.set_room_walllayout"]
# R-EQUIP-2: technicians and room heads keep the maintenance plans; technicians do and
# sign the work orders; room heads assign them.
MAINTENANCE_VIEW = ["care.view_maintenanceplan", "care.view_workorder"]
MAINTENANCE_PLANS = [*MAINTENANCE_VIEW, "care.add_maintenanceplan",
                     "care.change_maintenanceplan", "care.change_workorder"]
MAINTENANCE_WORK = [*MAINTENANCE_PLANS, "care.complete_workorder"]
# R-EQUIP-4, R-EQUIP-5: blocks, changes and reference pictures; the room head decides.
HEALTH_VIEW = ["health.view_camerablock", "health.view_camerachange",
               "health.view_referenceimage"]
HEALTH_HEAD = [*HEALTH_VIEW, "health.add_camerachange", "health.approve_block",
               "health.approve_change", "health.approve_reference"]
HEALTH_TECHNICIAN = [*HEALTH_VIEW, "health.add_camerachange", "health.carry_out_change"]
FOOTAGE_VIEW = ["footage.view_footagerequest"]
FOOTAGE_ENTER = [*FOOTAGE_VIEW, "footage.add_footagerequest"]
FOOTAGE_EXECUTE = [*FOOTAGE_ENTER, "footage.execute_footagerequest"]
FOOTAGE_APPROVE = [*FOOTAGE_ENTER, "footage.approve_footagerequest"]
# R-EQUIP-3: anyone on the staff reports a fault; technicians repair; room heads and
# technicians assign and close (the proving check is what closes, not the role).
FAULT_REPORT = ["care.view_fault", "care.add_fault"]
FAULT_HEAD = [*FAULT_REPORT, "care.assign_fault", "care.close_fault"]
FAULT_TECH = [*FAULT_HEAD, "care.repair_fault"]
# R-INC-1…4: operators report and handle incidents and put their footage on hold (for
# an incident only, R-INC-3); room heads close them; the security chief signs the review
# of a major one.
INCIDENTS_VIEW = ["incidents.view_incident"]
INCIDENTS_WORK = [*INCIDENTS_VIEW, "incidents.add_incident", "incidents.change_incident",
                  "recording.hold_for_incident"]
INCIDENTS_HEAD = [*INCIDENTS_WORK, "incidents.close_incident"]
INCIDENTS_CHIEF = [*INCIDENTS_HEAD, "incidents.review_incident"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OPERATOR: VIEW_RECORDS + ALERTS + RECORDINGS + PLAYBACK + FOOTAGE_EXECUTE
    + ROSTER_VIEW + DUTY_LOG + SHIFT_WORK + WALL + FAULT_REPORT + HEALTH_VIEW + INCIDENTS_WORK,
    Role.SHIFT_LEAD: VIEW_RECORDS + ALERTS + RECORDINGS + PLAYBACK + HOLDS + FOOTAGE_EXECUTE
    + ROSTER_EDIT + DUTY_LOG + ROOM_HEAD + WALL_HEAD + FAULT_HEAD
    + MAINTENANCE_PLANS + HEALTH_HEAD + HEALTH_PROBE + INCIDENTS_HEAD,
    Role.SECURITY_CHIEF: VIEW_RECORDS + ALERTS + AUDIT + RECORDINGS + PLAYBACK + HOLDS
    + LEAD_RECORDINGS + REQUEST_RETENTION + FOOTAGE_APPROVE + ROSTER_EDIT + ROOM_HEAD
    + KNOWLEDGE_SCOPE + WALL_HEAD + ["core.view_pendingchange"] + FAULT_HEAD
    + MAINTENANCE_PLANS + HEALTH_HEAD + HEALTH_PROBE + INCIDENTS_CHIEF,
    Role.DEPUTY_DIRECTOR: VIEW_RECORDS + ALERTS + AUDIT + RECORDINGS + HOLDS + LEAD_RECORDINGS
    + FOOTAGE_APPROVE + ROSTER_VIEW + SHIFT_VIEW + ["core.view_pendingchange"]
    + FAULT_REPORT + INCIDENTS_VIEW,
    Role.TECHNICIAN: VIEW_RECORDS + ALERTS + RECORDINGS + REPLACEMENT
    + _perms("devices", EQUIPMENT, "add", "change") + FAULT_TECH
    + MAINTENANCE_WORK + HEALTH_TECHNICIAN + HEALTH_PROBE,
    Role.AUDITOR: VIEW_RECORDS + AUDIT + RECORDINGS + ["alerts.view_alert"] + FOOTAGE_VIEW
    + ["care.view_fault"] + MAINTENANCE_VIEW + HEALTH_VIEW + PROBE_VIEW
    + ROSTER_VIEW + SHIFT_VIEW + ["core.view_pendingchange"] + INCIDENTS_VIEW,
    # A department's staff file their own footage requests and see only those.
    Role.REQUESTER: ["footage.add_footagerequest"],
    Role.ADMINISTRATOR: VIEW_RECORDS
    + ALERTS
    + AUDIT
    + RECORDINGS
    + REQUEST_RETENTION
    + _perms("core", PLACES, "add", "change")
    + ["core.view_pendingchange"]
    + _perms("devices", EQUIPMENT, "add", "change")
    + FLOOR_PLANS
    + ["core.view_apitoken", "core.revoke_apitoken"]
    + PROBE_VIEW,
}


# R-FOOT-2: roles that sign footage requests; their holders are the leaders who confirm
# two-person changes (R-SEC-1). GUARDED roles are granted and removed only that way.
APPROVER_ROLES = frozenset(Role(role).value for role, perms in ROLE_PERMISSIONS.items()
                           if "footage.approve_footagerequest" in perms)
LEADER_ROLES = APPROVER_ROLES
GUARDED_ROLES = APPROVER_ROLES | {Role.ADMINISTRATOR.value}


def sync_roles(**kwargs) -> None:
    """Create each role's group and give it exactly its permissions (run after migrate)."""
    using = kwargs.get("using", "default")
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {}
    for perm in Permission.objects.using(using).filter(
        codename__in={p.split(".")[1] for p in wanted}
    ).select_related("content_type"):
        by_name[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([by_name[p] for p in perms if p in by_name])


def roles_of(user) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [name for name in user.groups.values_list("name", flat=True) if name in Role.values]


def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code
