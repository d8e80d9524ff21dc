"""Every write to the equipment archive (R-EQUIP-1), each with its audit event.

Equipment is never deleted: it is retired by setting its status.
"""

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.files import durable_write
from watchroom.core.records import record_create, record_update, save_record, snapshot
from watchroom.core.validation import invalid
from watchroom.devices import importing, manuals
from watchroom.devices.models import (
    Camera,
    Display,
    EquipmentManual,
    NetworkDevice,
    PowerSupply,
    Recorder,
    Storage,
)
from watchroom.devices.selectors import manual_upload_refusal
from watchroom.rules import RuleViolation
from watchroom.service import service

RULE = "R-EQUIP-1"

# Fields a caller may set through the services; everything else is the service's own.
_SETTABLE = {
    model: {f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key}
    for model in (Camera, Recorder, Storage, Display, NetworkDevice, PowerSupply)
}


def _check_fields(model: type[models.Model], fields: dict) -> None:
    unknown = sorted(set(fields) - _SETTABLE[model])
    if unknown:
        raise TypeError(f"{model.__name__} has no settable field(s): {', '.join(unknown)}")


def _duplicates(instance: models.Model) -> dict[str, str]:
    """R-EQUIP-1: one archive entry per device; code, serial (and a camera's stream) are unique."""
    model = type(instance)
    others = model.objects.exclude(pk=instance.pk) if instance.pk else model.objects.all()
    errors = {}
    if instance.code and others.filter(code=instance.code).exists():
        errors["code"] = _("Another %(kind)s already has the code “%(code)s”.") % {
            "kind": model._meta.verbose_name, "code": instance.code}
    if instance.serial_no and others.filter(serial_no=instance.serial_no).exists():
        errors["serial_no"] = _(
            "Another %(kind)s already has the serial number “%(serial)s”."
        ) % {"kind": model._meta.verbose_name, "serial": instance.serial_no}
    stream = getattr(instance, "stream_url", "")
    if stream and others.filter(stream_url=stream).exists():
        errors["stream_url"] = _("Another camera already uses the stream URL “%(url)s”.") % {
            "url": stream}
    return errors


# R-EQUIP-1: a duplicate saved by a concurrent writer, after the check.
def _clash() -> str:
    return _("Another device with the same code, serial number or stream URL was saved at "
             "the same moment. Reload and check the archive.")


def _create(*, actor, instance: models.Model, action: str, extra: dict | None = None):
    return record_create(actor=actor, instance=instance, action=action, rule_id=RULE,
                         problems=_duplicates, clash=_clash(), extra=extra)


def _update(*, actor, instance: models.Model, fields: dict, action: str,
            extra: dict | None = None):
    _check_fields(type(instance), fields)
    return record_update(actor=actor, instance=instance, fields=fields, action=action,
                         rule_id=RULE, problems=_duplicates, clash=_clash(), extra=extra)


@service
def camera_create(*, actor, password: str = "", **fields) -> Camera:
    """R-EQUIP-1: a camera enters the archive. The password is stored encrypted and the
    audit event says only whether one was set."""
    _check_fields(Camera, fields)
    camera = Camera(**fields)
    camera.set_password(password)
    return _create(actor=actor, instance=camera, action="camera.created",
                   extra={"password_set": bool(password)})


@service
def camera_update(*, actor, camera: Camera, password: str | None = None, **fields) -> Camera:
    """R-EQUIP-1: a camera's archive entry changes. `password=None` keeps the stored
    password, `""` clears it; the audit event records only that it changed."""
    extra = {}
    stored = camera.password_encrypted
    if password is not None and password != camera.password:
        camera.set_password(password)
        extra["password_changed"] = True
    try:
        return _update(actor=actor, instance=camera, fields=fields, action="camera.updated",
                       extra=extra)
    except RuleViolation:
        camera.password_encrypted = stored
        raise


@service
def camera_import(*, actor, file_name: str, content: bytes) -> list[Camera]:
    """R-EQUIP-1: bring a site's camera list into the archive from a CSV or Excel sheet.

    All rows or none: if any row is bad, nothing is saved and `importing.ImportRejected`
    (a RuleViolation) carries every row's error; a file that cannot be read at all is
    refused with its problem on the `file` field.
    """
    try:
        rows = importing.read_cameras(file_name=file_name, content=content)
    except ValidationError as exc:  # the file as a whole cannot be read
        raise invalid(RULE, {"file": exc.messages}) from None
    cameras = []
    for row in rows:
        camera = row.camera
        camera.set_password(row.password)
        save_record(camera, RULE, clash=_clash())  # each row checked by the import
        audit_record(actor=actor, action="camera.created", target=camera,
                     data={"new": snapshot(camera), "password_set": bool(row.password),
                           "imported_from": file_name, "row": row.number})
        cameras.append(camera)
    audit_record(
        actor=actor, action="camera.imported", target=None,
        data={"file": file_name, "sha256": hashlib.sha256(content).hexdigest(),
              "count": len(cameras), "codes": [c.code for c in cameras]},
    )
    return cameras


@service
def recorder_create(*, actor, password: str = "", **fields) -> Recorder:
    """R-EQUIP-1: a recorder enters the archive. The password of its ONVIF service
    is stored encrypted and the audit event says only whether one was set."""
    _check_fields(Recorder, fields)
    recorder = Recorder(**fields)
    recorder.set_password(password)
    return _create(actor=actor, instance=recorder, action="recorder.created",
                   extra={"password_set": bool(password)})


@service
def recorder_update(*, actor, recorder: Recorder, password: str | None = None,
                    **fields) -> Recorder:
    """R-EQUIP-1: a recorder's archive entry changes. `password=None` keeps the stored
    password, `""` clears it; the audit event records only that it changed."""
    extra = {}
    stored = recorder.password_encrypted
    if password is not None and password != recorder.password:
        recorder.set_password(password)
        extra["password_changed"] = True
    try:
        return _update(actor=actor, instance=recorder, fields=fields,
                       action="recorder.updated", extra=extra)
    except RuleViolation:
        recorder.password_encrypted = stored
        raise


@service
def storage_create(*, actor, **fields) -> Storage:
    """R-EQUIP-1: a storage device enters the archive."""
    _check_fields(Storage, fields)
    return _create(actor=actor, instance=Storage(**fields), action="storage.created")


@service
def storage_update(*, actor, storage: Storage, **fields) -> Storage:
    """R-EQUIP-1: a storage device's archive entry changes."""
    return _update(actor=actor, instance=storage, fields=fields, action="storage.updated")


@service
def display_create(*, actor, **fields) -> Display:
    """R-EQUIP-1: a display enters the archive."""
    _check_fields(Display, fields)
    return _create(actor=actor, instance=Display(**fields), action="display.created")


@service
def display_update(*, actor, display: Display, **fields) -> Display:
    """R-EQUIP-1: a display's archive entry changes."""
    return _update(actor=actor, instance=display, fields=fields, action="display.updated")


@service
def network_device_create(*, actor, **fields) -> NetworkDevice:
    """R-EQUIP-1: a switch, router or other network device enters the archive."""
    _check_fields(NetworkDevice, fields)
    return _create(actor=actor, instance=NetworkDevice(**fields),
                   action="network_device.created")


@service
def network_device_update(*, actor, network_device: NetworkDevice, **fields) -> NetworkDevice:
    """R-EQUIP-1: a network device's archive entry changes (retired through its status)."""
    return _update(actor=actor, instance=network_device, fields=fields,
                   action="network_device.updated")


@service
def power_supply_create(*, actor, **fields) -> PowerSupply:
    """R-EQUIP-1: a UPS or other power equipment enters the archive."""
    _check_fields(PowerSupply, fields)
    return _create(actor=actor, instance=PowerSupply(**fields), action="power_supply.created")


@service
def power_supply_update(*, actor, power_supply: PowerSupply, **fields) -> PowerSupply:
    """R-EQUIP-1: a power supply's archive entry changes (retired through its status)."""
    return _update(actor=actor, instance=power_supply, fields=fields,
                   action="power_supply.updated")


@service
def equipment_import(*, actor, label: str, file_name: str, content: bytes) -> list:
    """R-EQUIP-1: bring a list of network devices (`label="networkdevice"`) or power
    supplies (`"powersupply"`) into the archive; all rows or none, like the cameras'."""
    try:
        items = importing.read_equipment(label=label, file_name=file_name, content=content)
    except ValidationError as exc:
        raise invalid(RULE, {"file": exc.messages}) from None
    action = importing.KINDS[label].action
    for number, item in items:
        save_record(item, RULE, clash=_clash())
        audit_record(actor=actor, action=action, target=item,
                     data={"new": snapshot(item), "imported_from": file_name, "row": number})
    audit_record(
        actor=actor, action="equipment.imported", target=None,
        data={"kind": label, "file": file_name, "sha256": hashlib.sha256(content).hexdigest(),
              "count": len(items), "codes": [item.code for _n, item in items]},
    )
    return [item for _n, item in items]


@service
def manual_upload(*, actor, equipment, name: str, content: bytes) -> EquipmentManual:
    """R-EQUIP-1: an operating manual attached to an item of the archive: a real PDF,
    picture or office document (read from its bytes) within the size allowed, stored
    under the data folder by its SHA-256."""
    refusal = manual_upload_refusal(actor, equipment)
    if refusal is not None:
        raise refusal
    try:
        content_type = manuals.inspect(name, content)
    except manuals.NotAManual as exc:
        raise invalid(RULE, {"file": [str(exc)]}) from None
    manual = EquipmentManual.objects.create(
        equipment_label=equipment._meta.model_name, equipment_id=equipment.pk,
        name=Path(name).name[:200], content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(), bytes=len(content),
        uploaded_by=actor, uploaded_at=timezone.now())
    path = manuals.file_of(manual)
    if not path.is_file():
        durable_write(path, content)
    audit_record(actor=actor, action="equipment_manual.uploaded", target=equipment, data={
        "manual": manual.pk, "name": manual.name, "type": content_type,
        "bytes": manual.bytes, "sha256": manual.sha256})
    return manual


@service
def manual_download(*, actor, manual: EquipmentManual) -> EquipmentManual:
    """R-EQUIP-1: a manual read, audited (the caller has checked the item's view right)."""
    audit_record(actor=actor, action="equipment_manual.downloaded", target=manual, data={
        "equipment": f"{manual.equipment_label}:{manual.equipment_id}",
        "name": manual.name, "sha256": manual.sha256})
    return manual


# The areas' floor plans: their own module, named here with the archive's other writes.
from watchroom.devices.plan_services import (  # noqa: E402, F401
    camera_place,
    camera_unplace,
    floor_plan_upload,
)
