"""Creating and changing a record with its audit event: the one helper the services of
every app use for a plain record (the model's own checks, the service's extra checks,
save, audit the new values or the changes)."""

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, models, transaction
from django.forms.models import model_to_dict

from watchroom.audit.services import audit_record, changes
from watchroom.core.validation import full_clean, invalid

# problems(instance) -> {field: message}: what the service checks beyond the model
# (e.g. duplicates named in the archive's own words); those fields skip the model's check.
Problems = Callable[[models.Model], dict[str, str]]


def snapshot(instance: models.Model) -> dict:
    data = model_to_dict(instance)
    return {k: (v.pk if isinstance(v, models.Model) else v) for k, v in data.items()
            if not isinstance(v, list | tuple)}


def save_checked(instance: models.Model, rule_id: str, problems: Problems | None = None,
                 clash: str = "") -> None:
    """The model's checks and `problems` refused together, else saved (save_record)."""
    found = problems(instance) if problems else {}
    full_clean(instance, rule_id, exclude=list(found) or None,
               extra={field: [message] for field, message in found.items()})
    save_record(instance, rule_id, clash)


def save_record(instance: models.Model, rule_id: str, clash: str = "") -> None:
    """Save a checked record. With `clash`, a duplicate that a concurrent writer slipped
    in between the check and the insert is refused with that message."""
    if not clash:
        instance.save()
        return
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise invalid(rule_id, {NON_FIELD_ERRORS: [clash]}) from None


def record_create(*, actor, instance: models.Model, action: str, rule_id: str,
                  problems: Problems | None = None, clash: str = "",
                  extra: dict | None = None):
    """Check and save a new record; audit it with its values (and `extra`)."""
    save_checked(instance, rule_id, problems, clash)
    audit_record(actor=actor, action=action, target=instance,
                 data={"new": snapshot(instance), **(extra or {})})
    return instance


def record_update(*, actor, instance: models.Model, fields: dict, action: str, rule_id: str,
                  problems: Problems | None = None, clash: str = "",
                  extra: dict | None = None):
    """Apply `fields`, check and save; audit what changed (and `extra`), nothing when
    nothing did. Refused, the caller's object goes back to what the database holds."""
    before = snapshot(instance)
    kept = {name: getattr(instance, name) for name in fields}
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        save_checked(instance, rule_id, problems, clash)
    except Exception:
        for name, value in kept.items():
            setattr(instance, name, value)
        raise
    diff = changes(before, snapshot(instance))
    if diff or extra:
        audit_record(actor=actor, action=action, target=instance,
                     data={"changes": diff, **(extra or {})})
    return instance
