from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    PROPERTY = "property", _("Property management")


class Role(models.TextChoices):
    """Posts of RULES.md "Roles"; each is a permission group of the same code."""

    OPERATOR = "operator", _("Operator")
    SHIFT_LEAD = "shift_lead", _("Shift lead")
    SECURITY_CHIEF = "security_chief", _("Security chief")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    TECHNICIAN = "technician", _("Technician")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
    REQUESTER = "requester", _("Requester (department)")


class RequesterType(models.TextChoices):
    INTERNAL = "internal", _("Internal department")
    PATIENT = "patient", _("Patient or family")
    POLICE = "police", _("Police")
    JUDICIAL = "judicial", _("Court or procuratorate")
    OTHER = "other", _("Other")


class ChangeKind(models.TextChoices):
    """Two-person changes (R-SEC-1): proposed by an administrator, confirmed by a leader."""

    GRANT_ROLE = "grant_role", _("Grant a role")
    REMOVE_ROLE = "remove_role", _("Remove a role")
    AREA_NOT_SENSITIVE = "area_not_sensitive", _("Remove an area's privacy protection")
    POLICY = "policy", _("Loosen a policy profile")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a leader")
    CONFIRMED = "confirmed", _("Confirmed and applied")
    REJECTED = "rejected", _("Rejected")
