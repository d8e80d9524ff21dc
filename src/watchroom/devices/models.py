from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom import crypto
from watchroom.core.models import Area, MonitoringRoom, Site
from watchroom.devices import addresses
from watchroom.devices.choices import (
    EquipmentStatus,
    NetworkKind,
    PowerKind,
    RecorderKind,
    StorageKind,
)


class Equipment(models.Model):
    """What the equipment archive (设备档案, R-EQUIP-1) keeps of every device."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    model_name = models.CharField(_("model"), max_length=100, blank=True)
    serial_no = models.CharField(_("serial number"), max_length=100, blank=True)
    install_date = models.DateField(_("install date"), null=True, blank=True)
    manual_url = models.CharField(_("operating manual"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EquipmentStatus.choices,
        default=EquipmentStatus.IN_SERVICE,
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse(f"devices:{self._meta.model_name}_detail", args=[self.pk])


def _unique_serial(model: str):
    return models.UniqueConstraint(
        fields=["serial_no"], condition=~Q(serial_no=""), name=f"{model}_unique_serial",
        violation_error_message=_("Another device already has this serial number."),
    )


class Recorder(Equipment):
    """A recorder (NVR/DVR, or Watchroom's own) that cameras record to."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="recorders", verbose_name=_("site")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=RecorderKind.choices, default=RecorderKind.NVR
    )
    address = models.CharField(_("network address"), max_length=200, blank=True)
    channels = models.PositiveSmallIntegerField(_("channels"), default=16)
    # Where Watchroom reads the recorder's clock (R-DUTY-5): its ONVIF device service.
    onvif_address = models.CharField(_("ONVIF address"), max_length=300, blank=True)
    username = models.CharField(_("user name"), max_length=100, blank=True)
    password_encrypted = models.TextField(blank=True, editable=False)

    class Meta(Equipment.Meta):
        verbose_name = _("recorder")
        verbose_name_plural = _("recorders")
        constraints = [_unique_serial("recorder")]

    @property
    def password(self) -> str:
        return crypto.decrypt(self.password_encrypted)

    def set_password(self, plain: str) -> None:
        self.password_encrypted = crypto.encrypt(plain)

    @property
    def has_password(self) -> bool:
        return bool(self.password_encrypted)


class Camera(Equipment):
    """A camera, the area it watches, and how to reach it."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="cameras", verbose_name=_("area")
    )
    recorder = models.ForeignKey(
        Recorder, on_delete=models.PROTECT, related_name="cameras", verbose_name=_("recorder"),
        null=True, blank=True,
    )
    stream_url = models.CharField(_("stream URL"), max_length=300, blank=True)
    # A lower-resolution second stream for the wall's grid, pulled only while watched.
    substream_url = models.CharField(_("sub-stream URL"), max_length=300, blank=True)
    onvif_address = models.CharField(_("ONVIF address"), max_length=300, blank=True)
    username = models.CharField(_("user name"), max_length=100, blank=True)
    password_encrypted = models.TextField(blank=True, editable=False)
    resolution = models.CharField(_("resolution"), max_length=20, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta(Equipment.Meta):
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        constraints = [
            _unique_serial("camera"),
            models.UniqueConstraint(
                fields=["stream_url"], condition=~Q(stream_url=""), name="camera_unique_stream",
                violation_error_message=_("Another camera already uses this stream URL."),
            ),
        ]

    def clean(self):
        super().clean()
        # R-REC-2: forms, API and import all reach this through full_clean().
        reason = addresses.problem(self.stream_url)
        if reason:
            raise ValidationError({"stream_url": reason})
        reason = addresses.problem(self.substream_url)
        if reason:
            raise ValidationError({"substream_url": reason})
        if self.substream_url and self.substream_url == self.stream_url:
            raise ValidationError({"substream_url": _(
                "The sub-stream must be another address than the main stream.")})
        if (self.recorder_id and self.area_id
                and self.recorder.site_id != self.area.site_id):
            raise ValidationError({"recorder": _(
                "The recorder is at another site than the camera's area.")})

    @property
    def password(self) -> str:
        return crypto.decrypt(self.password_encrypted)

    def set_password(self, plain: str) -> None:
        self.password_encrypted = crypto.encrypt(plain)

    @property
    def has_password(self) -> bool:
        return bool(self.password_encrypted)


class Storage(Equipment):
    """Where recordings are kept: recorder disks, an array, a NAS or object storage."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="storages", verbose_name=_("site")
    )
    recorder = models.ForeignKey(
        Recorder, on_delete=models.PROTECT, related_name="storages", verbose_name=_("recorder"),
        null=True, blank=True,
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=StorageKind.choices, default=StorageKind.DISK
    )
    capacity_tb = models.DecimalField(
        _("capacity (TB)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta(Equipment.Meta):
        verbose_name = _("storage")
        verbose_name_plural = _("storage")
        constraints = [_unique_serial("storage")]

    def clean(self):
        super().clean()
        if self.recorder_id and self.site_id and self.recorder.site_id != self.site_id:
            raise ValidationError({"recorder": _(
                "The recorder is at another site than the storage.")})


class Display(Equipment):
    """A monitor or video wall in a monitoring room."""

    room = models.ForeignKey(
        MonitoringRoom, on_delete=models.PROTECT, related_name="displays",
        verbose_name=_("monitoring room"),
    )
    size_inches = models.PositiveSmallIntegerField(_("size (inches)"), null=True, blank=True)

    class Meta(Equipment.Meta):
        verbose_name = _("display")
        verbose_name_plural = _("displays")
        constraints = [_unique_serial("display")]


class NetworkDevice(Equipment):
    """A switch, PoE switch, router or other network device cameras and recorders use."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="network_devices", verbose_name=_("site")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=NetworkKind.choices, default=NetworkKind.SWITCH
    )
    address = models.CharField(_("network address"), max_length=200, blank=True)
    ports = models.PositiveSmallIntegerField(_("ports"), null=True, blank=True)

    class Meta(Equipment.Meta):
        verbose_name = _("network device")
        verbose_name_plural = _("network devices")
        constraints = [_unique_serial("networkdevice")]


class PowerSupply(Equipment):
    """A UPS or other power equipment that keeps the system running."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="power_supplies", verbose_name=_("site")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PowerKind.choices, default=PowerKind.UPS
    )
    capacity_va = models.PositiveIntegerField(_("capacity (VA)"), null=True, blank=True)
    battery_installed = models.DateField(_("battery install date"), null=True, blank=True)

    class Meta(Equipment.Meta):
        verbose_name = _("power supply")
        verbose_name_plural = _("power supplies")
        constraints = [_unique_serial("powersupply")]


# Every kind of equipment the archive keeps, by its model label (R-EQUIP-1).
EQUIPMENT_MODELS: dict[str, type[Equipment]] = {
    "camera": Camera, "recorder": Recorder, "storage": Storage, "display": Display,
    "networkdevice": NetworkDevice, "powersupply": PowerSupply,
}


class EquipmentManual(models.Model):
    """An operating manual attached to one item of the archive (R-EQUIP-1): the file is
    kept under the data folder by its SHA-256; its record names the item by label and id."""

    equipment_label = models.CharField(_("kind of equipment"), max_length=30)
    equipment_id = models.PositiveIntegerField(_("equipment"))
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    bytes = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("equipment manual")
        verbose_name_plural = _("equipment manuals")
        ordering = ["equipment_label", "equipment_id", "-uploaded_at", "-pk"]
        # Who may view an item may read its manuals; who may change it may attach one.
        default_permissions = ()
        indexes = [models.Index(fields=["equipment_label", "equipment_id"],
                                name="manual_equipment_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("devices:manual_download", args=[self.pk])

    @property
    def path(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256}"


class FloorPlan(models.Model):
    """The drawing of an area the wall shows its cameras on. A new upload replaces the
    current one; the replaced plan keeps its record (and its file) with the time it
    was replaced."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="floor_plans",
                             verbose_name=_("area"))
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=30)
    path = models.CharField(_("stored as"), max_length=300, unique=True)
    bytes = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"))
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("floor plan")
        verbose_name_plural = _("floor plans")
        ordering = ["area", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["area"], condition=Q(replaced_at__isnull=True),
                                    name="one_current_floor_plan_per_area"),
        ]

    def __str__(self):
        return f"{self.area} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("devices:floor_plan", args=[self.area_id])


class CameraPlacement(models.Model):
    """Where a camera stands on a floor plan, as fractions of the drawing's width and
    height (0 at the left and top, 1 at the right and bottom)."""

    plan = models.ForeignKey(FloorPlan, on_delete=models.PROTECT, related_name="placements",
                             verbose_name=_("floor plan"))
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="placements",
                               verbose_name=_("camera"))
    x = models.FloatField(_("across"), validators=[MinValueValidator(0.0),
                                                   MaxValueValidator(1.0)])
    y = models.FloatField(_("down"), validators=[MinValueValidator(0.0),
                                                 MaxValueValidator(1.0)])
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed"))

    class Meta:
        verbose_name = _("camera on a floor plan")
        verbose_name_plural = _("cameras on floor plans")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["plan", "camera"], name="one_place_per_camera"),
            models.CheckConstraint(condition=Q(x__gte=0) & Q(x__lte=1) & Q(y__gte=0)
                                   & Q(y__lte=1), name="placement_inside_plan"),
        ]

    def __str__(self):
        return f"{self.camera} @ {self.x:.3f}, {self.y:.3f}"
