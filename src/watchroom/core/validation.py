"""The one validation channel: a model's own checks (`full_clean`) become a
RuleViolation naming the rule the record serves, with each field's problems, so that
pages, forms and the API show bad input the same way as any other refusal."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from watchroom.rules import RuleViolation


def invalid(rule_id: str, errors: dict[str, list[str]] | ValidationError) -> RuleViolation:
    """The refusal for field problems: its message lists them, its `fields` keep them."""
    if isinstance(errors, ValidationError):
        errors = errors.message_dict if hasattr(errors, "error_dict") else {
            NON_FIELD_ERRORS: errors.messages}
    fields = {name: [str(m) for m in messages] for name, messages in errors.items()}
    parts = [" ".join(messages) if name == NON_FIELD_ERRORS else
             f"{name}: {' '.join(messages)}" for name, messages in fields.items()]
    return RuleViolation(rule_id, _("The input is not valid: %(problems)s") % {
        "problems": "; ".join(parts)}, status=400, fields=fields)


def full_clean(instance: models.Model, rule_id: str, *, exclude=None,
               extra: dict[str, list[str]] | None = None) -> None:
    """Run the model's checks; with `extra` problems found by the service, refuse all
    of them at once."""
    errors: dict[str, list[str]] = {}
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = {k: list(v) for k, v in exc.message_dict.items()}
    for name, messages in (extra or {}).items():
        errors.setdefault(name, []).extend(str(m) for m in messages)
    if errors:
        raise invalid(rule_id, errors)
