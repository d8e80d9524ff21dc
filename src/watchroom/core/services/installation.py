"""The first leaders, made from the command line at installation (R-SEC-1).

Until a security chief or deputy director exists, nobody could confirm a two-person
change; so the installation step gives approver and administrator roles directly, once,
and only while no leader exists. Every grant is audited as done from the command line.
"""

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from watchroom.audit.context import Process
from watchroom.audit.services import audit_record
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.core.models import StaffProfile
from watchroom.core.roles import GUARDED_ROLES, LEADER_ROLES, roles_of
from watchroom.rules import RuleViolation
from watchroom.service import service


def leaders_exist() -> bool:
    return Group.objects.filter(name__in=LEADER_ROLES, user__is_active=True).exists()


@service
def staff_grant_roles(*, actor: Process, staff: StaffProfile, roles: list[str]) -> StaffProfile:
    """Roles given without confirmation: only by a process on the host (the installation
    command, and the test fixtures that stand for it)."""
    if not isinstance(actor, Process):
        raise RuleViolation("R-SEC-1", _(
            "Roles are given without confirmation only at installation, from the command "
            "line."), status=403)
    core.check_roles(roles)
    held = set(roles_of(staff.user))
    core.refuse_admin_and_approver(held | set(roles))
    staff.user.groups.add(*Group.objects.filter(name__in=roles))
    audit_record(actor=actor, action="staff.roles_installed", target=staff,
                 data={"roles": sorted(roles), "by": "command line"})
    return staff


@service
def leaders_install(*, actor: Process, people: list[dict]) -> list[StaffProfile]:
    """Each of `people` (username, password, full_name, employee_no, role, optional
    department) made with their approver or administrator role; refused once a leader
    exists: from then on these roles are proposed and confirmed."""
    if not isinstance(actor, Process):
        raise RuleViolation("R-SEC-1", _(
            "The first leaders are made only from the command line."), status=403)
    if leaders_exist():
        raise RuleViolation("R-SEC-1", _(
            "Leaders already exist; approver and administrator roles are now proposed by an "
            "administrator and confirmed by a leader."))
    if not any(person["role"] in LEADER_ROLES for person in people):
        raise RuleViolation("R-SEC-1", _(
            "Name at least one security chief or deputy director."), status=400)
    made = []
    for person in people:
        person = dict(person)
        role = person.pop("role")
        if role not in GUARDED_ROLES:
            raise RuleViolation("R-SEC-1", _(
                "%(role)s is not a leader's or an administrator's role.") % {
                "role": Role(role).label if role in Role.values else role}, status=400)
        staff = core.staff_create(actor=actor, roles=[], **person)
        made.append(staff_grant_roles(actor=actor, staff=staff, roles=[role]))
    return made
