"""Every write to the equipment archive (R-EQUIP-1), each with its audit event.

Equipment is never deleted: it is retired by setting its status.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record, changes
from watchroom.core.services import snapshot
from watchroom.devices import importing
from watchroom.devices.models import Camera, Display, Recorder, Storage
from watchroom.service import service

# Fields a caller may set through the services; everything else is the service's own.
_SETTABLE = {
    model: {f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key}
    for model in (Camera, Recorder, Storage, Display)
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


def _validate(instance: models.Model) -> None:
    """All problems at once: the archive's duplicate messages plus the model's own checks."""
    duplicates = _duplicates(instance)
    errors: dict[str, list] = {}
    try:
        instance.full_clean(exclude=list(duplicates))
    except ValidationError as exc:
        errors = exc.message_dict
    for field, message in duplicates.items():
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _save(instance: models.Model) -> None:
    # A concurrent writer can slip a duplicate in between the check and the insert.
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ValidationError(
            _("Another device with the same code, serial number or stream URL was saved "
              "at the same moment. Reload and check the archive.")
        ) from None


def _create(*, actor, instance: models.Model, action: str, extra: dict | None = None):
    _validate(instance)
    _save(instance)
    audit_record(actor=actor, action=action, target=instance,
                 data={"new": snapshot(instance), **(extra or {})})
    return instance


def _update(*, actor, instance: models.Model, fields: dict, action: str,
            extra: dict | None = None):
    _check_fields(type(instance), fields)
    before = snapshot(instance)
    kept = {name: getattr(instance, name) for name in fields}
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        _validate(instance)
        _save(instance)
    except ValidationError:
        # The caller's object goes back to what the database still holds.
        for name, value in kept.items():
            setattr(instance, name, value)
        raise
    diff = changes(before, snapshot(instance))
    if diff or extra:
        audit_record(actor=actor, action=action, target=instance,
                     data={"changes": diff, **(extra or {})})
    return instance


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
    except ValidationError:
        camera.password_encrypted = stored
        raise


@service
def camera_import(*, actor, file_name: str, content: bytes) -> list[Camera]:
    """R-EQUIP-1: bring a site's camera list into the archive from a CSV or Excel sheet.

    All rows or none: if any row is bad, nothing is saved and `importing.ImportRejected`
    carries every row's error.
    """
    rows = importing.read_cameras(file_name=file_name, content=content)
    cameras = []
    for row in rows:
        camera = row.camera
        camera.set_password(row.password)
        _save(camera)
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
def recorder_create(*, actor, **fields) -> Recorder:
    """R-EQUIP-1: a recorder enters the archive."""
    _check_fields(Recorder, fields)
    return _create(actor=actor, instance=Recorder(**fields), action="recorder.created")


@service
def recorder_update(*, actor, recorder: Recorder, **fields) -> Recorder:
    """R-EQUIP-1: a recorder's archive entry changes."""
    return _update(actor=actor, instance=recorder, fields=fields, action="recorder.updated")


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
