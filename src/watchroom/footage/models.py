"""The footage request (《视频监控资源使用审批表》), its approvals, what was done with it
and to whom it was handed: together, the retrieval register (R-FOOT-4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.core.choices import RequesterType, Role
from watchroom.core.times import local_text
from watchroom.devices.models import Camera
from watchroom.footage.choices import (
    ApprovalDecision,
    AttachmentKind,
    ExportState,
    Need,
    Status,
)

USER = settings.AUTH_USER_MODEL


class FootageRequest(models.Model):
    number = models.CharField(_("number"), max_length=30, unique=True)
    requester_type = models.CharField(_("requester type"), max_length=20,
                                      choices=RequesterType.choices)
    requester_name = models.CharField(_("requester"), max_length=60)
    requester_unit = models.CharField(_("unit"), max_length=100)
    requester_contact = models.CharField(_("contact"), max_length=60)
    requester_id_number = models.CharField(_("identity document number"), max_length=40)
    officers = models.JSONField(_("officers"), default=list, blank=True,
                                help_text=_("police and judicial requests: names and badges"))
    purpose = models.TextField(_("purpose"))
    need = models.CharField(_("need"), max_length=10, choices=Need.choices)
    originals = models.BooleanField(
        _("original recordings as evidence"), default=False,
        help_text=_("the whole sealed segment files travel in the package with the cut "
                    "clips (evidence for a court); otherwise only the approved range leaves"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PENDING)
    chain = models.JSONField(_("approval chain"), default=list)
    step = models.PositiveSmallIntegerField(_("next step"), default=0)
    scope_version = models.PositiveIntegerField(_("scope version"), default=1)
    privacy_sensitive = models.BooleanField(_("privacy-sensitive footage"), default=False)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    valid_until = models.DateTimeField(_("approval valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("footage request")
        verbose_name_plural = _("footage requests")
        ordering = ["-entered_at"]
        permissions = [
            ("approve_footagerequest", _("Can approve footage requests")),
            ("execute_footagerequest", _("Can retrieve and export approved footage")),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("footage:detail", args=[self.pk])

    @property
    def next_role(self) -> str | None:
        return self.chain[self.step] if self.status == Status.PENDING and self.step < len(
            self.chain) else None

    def next_role_label(self) -> str:
        role = self.next_role
        return str(Role(role).label) if role else ""


class ScopeItem(models.Model):
    """One camera × time range of a request, in one version of its scope."""

    request = models.ForeignKey(FootageRequest, on_delete=models.PROTECT, related_name="scope",
                                verbose_name=_("request"))
    version = models.PositiveIntegerField(_("scope version"))
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("camera"))
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("scope item")
        verbose_name_plural = _("scope items")
        ordering = ["version", "camera__code", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")),
                                              name="scope_ends_after_start")]

    def __str__(self):
        return (f"{self.camera} {local_text(self.start, '%Y-%m-%d %H:%M:%S')}–"
                f"{local_text(self.end, '%H:%M:%S')}")

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


class Attachment(models.Model):
    request = models.ForeignKey(FootageRequest, on_delete=models.PROTECT,
                                related_name="attachments", verbose_name=_("request"))
    kind = models.CharField(_("document"), max_length=30, choices=AttachmentKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    path = models.CharField(_("stored as"), max_length=300, unique=True)
    bytes = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class Approval(models.Model):
    """One signature in the chain; never changed, never removed."""

    request = models.ForeignKey(FootageRequest, on_delete=models.PROTECT,
                                related_name="approvals", verbose_name=_("request"))
    scope_version = models.PositiveIntegerField(_("scope version"))
    step = models.PositiveSmallIntegerField(_("step"))
    role = models.CharField(_("as"), max_length=30, choices=Role.choices)
    approver = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("approver"))
    decision = models.CharField(_("decision"), max_length=10, choices=ApprovalDecision.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("decided"))
    second_factor = models.BooleanField(_("confirmed with authenticator"), default=False)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["scope_version", "step"]
        constraints = [models.UniqueConstraint(fields=["request", "scope_version", "step"],
                                               name="one_decision_per_step")]

    def __str__(self):
        return f"{self.request} {self.step + 1} {self.get_decision_display()}"


class Retrieval(models.Model):
    """A viewing or an export by the executing operator (R-FOOT-4)."""

    request = models.ForeignKey(FootageRequest, on_delete=models.PROTECT,
                                related_name="retrievals", verbose_name=_("request"))
    operator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("retrieved by"))
    kind = models.CharField(_("kind"), max_length=10, choices=Need.choices)
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="+",
                               null=True, blank=True, verbose_name=_("camera"))
    start = models.DateTimeField(_("from"), null=True, blank=True)
    end = models.DateTimeField(_("until"), null=True, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("retrieval")
        verbose_name_plural = _("retrievals")
        ordering = ["at"]

    def __str__(self):
        return f"{self.request} {self.get_kind_display()} {local_text(self.at)}"


class Export(models.Model):
    request = models.ForeignKey(FootageRequest, on_delete=models.PROTECT,
                                related_name="exports", verbose_name=_("request"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("exported by"))
    created_at = models.DateTimeField(_("created"))
    ranges = models.JSONField(_("cameras and times"), default=list)
    merged_clip = models.BooleanField(_("merged clip"), default=False)
    watermark = models.BooleanField(_("watermarked viewing copy"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices,
                             default=ExportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    path = models.CharField(_("package"), max_length=300, blank=True)
    bytes = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempt_log = models.JSONField(_("failed attempts"), default=list, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.request.number}-{self.pk}"


class Handover(models.Model):
    """Who received what, when, on which identity document (R-FOOT-4)."""

    request = models.ForeignKey(FootageRequest, on_delete=models.PROTECT,
                                related_name="handovers", verbose_name=_("request"))
    export = models.ForeignKey(Export, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="handovers", verbose_name=_("package"))
    recipient_name = models.CharField(_("recipient"), max_length=60)
    recipient_unit = models.CharField(_("recipient's unit"), max_length=100)
    recipient_id_number = models.CharField(_("recipient's identity document"), max_length=40)
    items = models.CharField(_("what was handed over"), max_length=300)
    handed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("handed over by"))
    handed_at = models.DateTimeField(_("handed over"))

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["handed_at"]

    def __str__(self):
        return f"{self.request} → {self.recipient_name}"

