import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from watchroom.core.choices import (
    ChangeKind,
    ChangeStatus,
    ProfileKind,
    RequesterType,
    Role,
)
from watchroom.core.times import local_text

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def validate_shift_starts(value: str) -> None:
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts or any(not _HHMM.match(p) for p in parts):
        raise ValidationError(_("Enter shift start times as HH:MM separated by commas."))
    if len(set(parts)) != len(parts):
        raise ValidationError(_("Each shift start time may appear only once."))


def validate_approval_chains(value) -> None:
    roles = set(Role.values)
    if not isinstance(value, dict):
        raise ValidationError(_("Approval chains must map requester types to lists of roles."))
    for kind, chain in value.items():
        if kind not in RequesterType.values:
            raise ValidationError(_("Unknown requester type: %(kind)s"), params={"kind": kind})
        if not isinstance(chain, list) or not chain or any(r not in roles for r in chain):
            raise ValidationError(
                _("The chain for %(kind)s must be a non-empty list of roles."),
                params={"kind": kind},
            )
        from watchroom.core.roles import APPROVER_ROLES

        if any(r not in APPROVER_ROLES for r in chain):
            # R-FOOT-2: only roles that may approve can sign; an administrator never does.
            raise ValidationError(
                _("The chain for %(kind)s may name only the security chief and the deputy "
                  "director."), params={"kind": kind},
            )


class PolicyProfile(models.Model):
    """Every number RULES.md marks *(profile)*, per kind of institution."""

    kind = models.CharField(_("kind"), max_length=20, choices=ProfileKind.choices)
    name = models.CharField(_("name"), max_length=100, unique=True)
    shift_starts = models.CharField(
        _("shift start times"), max_length=100, default="08:00,16:00,00:00",
        validators=[validate_shift_starts], help_text=_("R-DUTY-1, HH:MM separated by commas"),
    )
    shift_hours = models.PositiveSmallIntegerField(
        _("shift length (hours)"), default=8,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    min_staff_per_shift = models.PositiveSmallIntegerField(
        _("minimum staff per shift"), default=2, validators=[MinValueValidator(1)]
    )
    lateness_grace_minutes = models.PositiveSmallIntegerField(
        _("lateness grace (minutes)"), default=5, help_text=_("R-DUTY-2")
    )
    handover_early_minutes = models.PositiveSmallIntegerField(
        _("arrive before handover (minutes)"), default=15, help_text=_("R-HAND-1")
    )
    clock_tolerance_seconds = models.PositiveSmallIntegerField(
        _("recorder clock tolerance (seconds)"), default=30, help_text=_("R-DUTY-5")
    )
    retention_days = models.PositiveSmallIntegerField(
        _("recording retention (days)"), default=90, validators=[MinValueValidator(1)],
        help_text=_("R-REC-1"),
    )
    playback_check_minutes = models.PositiveSmallIntegerField(
        _("playback check window (minutes)"), default=10, validators=[MinValueValidator(1)],
        help_text=_("R-DUTY-5"),
    )
    camera_offline_seconds = models.PositiveSmallIntegerField(
        _("camera offline after (seconds)"), default=60, validators=[MinValueValidator(1)],
        help_text=_("R-REC-6: a camera whose stream has failed this long is offline and "
                    "raises the recording gap alert"),
    )
    integrity_verify_days = models.PositiveSmallIntegerField(
        _("re-hash every segment within (days)"), default=7, validators=[MinValueValidator(1)],
        help_text=_("R-REC-2"),
    )
    approval_valid_hours = models.PositiveSmallIntegerField(
        _("approval valid for (hours)"), default=72, validators=[MinValueValidator(1)],
        help_text=_("R-FOOT-3"),
    )
    max_request_camera_hours = models.PositiveIntegerField(
        _("largest request (camera-hours)"), default=96,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("R-FOOT-3: cameras × hours one footage request may name; each range "
                    "counts in started hours"),
    )
    approval_chains = models.JSONField(
        _("approval chains"), default=dict, blank=True, validators=[validate_approval_chains],
        help_text=_("R-FOOT-2: roles that sign, in order, for each requester type"),
    )
    escalation_minutes = models.PositiveSmallIntegerField(
        _("escalate unacknowledged alerts after (minutes)"), default=10,
        validators=[MinValueValidator(1)], help_text=_("R-INC-2"),
    )
    incident_hold_before_minutes = models.PositiveSmallIntegerField(
        _("hold an incident's footage from (minutes before)"), default=30,
        validators=[MinValueValidator(1)],
        help_text=_("R-INC-3: the footage of the incident's cameras is put on hold from "
                    "this long before it happened"),
    )
    password_max_age_days = models.PositiveSmallIntegerField(
        _("password maximum age (days)"), default=90, validators=[MinValueValidator(1)],
        help_text=_("R-SEC-2"),
    )
    default_room_capacity = models.PositiveSmallIntegerField(
        _("default room capacity"), default=6, validators=[MinValueValidator(1)],
        help_text=_("R-ACC-5"),
    )
    api_token_days = models.PositiveSmallIntegerField(
        _("API token lifetime (days)"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)], help_text=_("R-SEC-2"),
    )
    checkpoint_minutes = models.PositiveSmallIntegerField(
        _("sign an audit checkpoint every (minutes)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("R-SEC-3: each is copied off the machine; what happened since the last "
                    "one is what a host attacker could still rewrite unseen"),
    )

    fault_repair_hours = models.PositiveSmallIntegerField(
        _("repair a fault within (hours)"), default=24, validators=[MinValueValidator(1)],
        help_text=_("R-EQUIP-3: a fault's deadline, counted from its report"),
    )
    health_check_minutes = models.PositiveSmallIntegerField(
        _("check every camera's health every (minutes)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("R-EQUIP-3: reachability, stream, clock and picture"),
    )
    maintenance_days = models.PositiveSmallIntegerField(
        _("technical maintenance every (days)"), default=7, validators=[MinValueValidator(1)],
        help_text=_("R-EQUIP-2"),
    )
    lens_cleaning_days = models.PositiveSmallIntegerField(
        _("clean camera lenses every (days)"), default=30, validators=[MinValueValidator(1)],
        help_text=_("R-EQUIP-2: dust and cobwebs on lenses and housings; brackets checked"),
    )
    storage_check_days = models.PositiveSmallIntegerField(
        _("check recorders and storage every (days)"), default=7,
        validators=[MinValueValidator(1)], help_text=_("R-EQUIP-2"),
    )
    ups_check_days = models.PositiveSmallIntegerField(
        _("check power supplies (UPS) every (days)"), default=30,
        validators=[MinValueValidator(1)], help_text=_("R-EQUIP-2"),
    )
    replacement_approver = models.CharField(
        _("replacement plans approved by"), max_length=30, choices=Role.choices,
        default=Role.DEPUTY_DIRECTOR, help_text=_("R-EQUIP-6"),
    )

    class Meta:
        verbose_name = _("policy profile")
        verbose_name_plural = _("policy profiles")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:policy_detail", args=[self.pk])


class Site(models.Model):
    """A campus (院区) with its own address and policy profile."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    policy = models.ForeignKey(
        PolicyProfile, on_delete=models.PROTECT, related_name="sites", verbose_name=_("policy")
    )
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("A deactivated record stays in the history but is no longer offered."),
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:site_detail", args=[self.pk])


class Department(models.Model):
    """A department (科室) that can own areas and file requests."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="departments", verbose_name=_("site"),
        null=True, blank=True,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("A deactivated record stays in the history but is no longer offered."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:department_detail", args=[self.pk])


class Area(models.Model):
    """A place cameras watch, and the department responsible for it (属地, R-EQUIP-1)."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="areas", verbose_name=_("site")
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="areas",
        verbose_name=_("responsible department"),
    )
    privacy_sensitive = models.BooleanField(
        _("privacy-sensitive"), default=False, help_text=_("R-FOOT-6")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    knowledge_scope = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="scoped_areas",
        verbose_name=_("knowledge scope"),
        help_text=_("R-FOOT-6: the people who may watch a privacy-sensitive area's cameras."),
    )
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("A deactivated record stays in the history but is no longer offered."),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["site__code", "code"]
        permissions = [("manage_knowledge_scope",
                        _("Can change who is in a privacy-sensitive area's knowledge scope"))]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="area_unique_name_per_site",
                violation_error_message=_("This site already has an area of that name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:area_detail", args=[self.pk])


class MonitoringRoom(models.Model):
    """A monitoring room (监控室) with its capacity (R-ACC-5)."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("site")
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1)], help_text=_("R-ACC-5")
    )
    wall_sound = models.BooleanField(
        _("wall alert sound"), default=True,
        help_text=_("Critical alerts on the wall sound a tone; the room head turns it off "
                    "or on."),
    )
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("A deactivated record stays in the history but is no longer offered."),
    )

    class Meta:
        verbose_name = _("monitoring room")
        verbose_name_plural = _("monitoring rooms")
        ordering = ["code"]
        permissions = [("set_wall_sound", _("Can turn the wall's alert sound off or on"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:room_detail", args=[self.pk])


class StaffProfile(models.Model):
    """A person on the staff, linked to the login that is theirs alone (R-SEC-1)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff",
        verbose_name=_("user"),
    )
    full_name = models.CharField(_("full name"), max_length=60)
    employee_no = models.CharField(_("employee number"), max_length=30, unique=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="staff", verbose_name=_("department"),
        null=True, blank=True,
    )
    title = models.CharField(_("post"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    rooms = models.ManyToManyField(
        MonitoringRoom, related_name="staff", blank=True, verbose_name=_("monitoring rooms")
    )
    # R-SEC-2: when the password was last set, whatever set it; its age is measured
    # against the profile's password_max_age_days.
    password_changed_at = models.DateTimeField(_("password last set"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("must change password at next sign-in"), default=False,
        help_text=_("R-SEC-2: set when an administrator resets the password or gives a "
                    "temporary one"),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["employee_no"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("core:staff_detail", args=[self.pk])


class ScheduleState(models.Model):
    """When a periodic job is next due; claimed with a conditional UPDATE so that
    several workers never run the same slot twice."""

    name = models.CharField(max_length=100, unique=True)
    next_run = models.DateTimeField()
    last_run = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.name


class ApiToken(models.Model):
    """R-SEC-2: a key for the API that expires (the profile's `api_token_days`) and that
    its owner or an administrator can revoke. Only the key's SHA-256 is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_sha256 = models.CharField(_("key SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True,
                                   verbose_name=_("revoked by"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        permissions = [("revoke_apitoken", "Can revoke anyone's API token")]

    def __str__(self):
        return self.name or f"{self.user} {local_text(self.created_at, '%Y-%m-%d')}"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class PendingChange(models.Model):
    """A change one person may only propose: a role that approves or administers, an
    area's privacy protection, a looser policy figure (R-SEC-1, R-FOOT-2, R-FOOT-6).
    A sitting leader other than the proposer and the person concerned confirms it with
    their authenticator code; it is applied in the same transaction."""

    kind = models.CharField(_("change"), max_length=30, choices=ChangeKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ChangeStatus.choices,
                              default=ChangeStatus.PENDING)
    staff = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="pending_changes", verbose_name=_("staff member"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="pending_changes", verbose_name=_("area"))
    profile = models.ForeignKey(PolicyProfile, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="pending_changes",
                                verbose_name=_("policy profile"))
    values = models.JSONField(_("new values"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("change awaiting confirmation")
        verbose_name_plural = _("changes awaiting confirmation")
        ordering = ["-proposed_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("core:change_detail", args=[self.pk])
