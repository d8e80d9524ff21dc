from django.db import models
from django.utils.translation import gettext_lazy as _


class EquipmentStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    FAULTY = "faulty", _("Faulty")
    UNDER_REPAIR = "under_repair", _("Under repair")
    RETIRED = "retired", _("Retired")


class RecorderKind(models.TextChoices):
    NVR = "nvr", _("Network video recorder (NVR)")
    DVR = "dvr", _("Digital video recorder (DVR)")
    WATCHROOM = "watchroom", _("Watchroom recorder")


class StorageKind(models.TextChoices):
    DISK = "disk", _("Recorder disks")
    ARRAY = "array", _("Disk array")
    NAS = "nas", _("Network storage (NAS)")
    OBJECT = "object", _("Object storage (S3)")


class NetworkKind(models.TextChoices):
    SWITCH = "switch", _("Switch")
    POE_SWITCH = "poe_switch", _("PoE switch")
    ROUTER = "router", _("Router")
    FIREWALL = "firewall", _("Firewall")
    MEDIA_CONVERTER = "media_converter", _("Fibre media converter")
    WIRELESS = "wireless", _("Wireless bridge")
    OTHER = "other", _("Other network device")


class PowerKind(models.TextChoices):
    UPS = "ups", _("Uninterruptible power supply (UPS)")
    DISTRIBUTION = "distribution", _("Power distribution unit")
    ADAPTER = "adapter", _("Power adapter box")
    OTHER = "other", _("Other power equipment")
