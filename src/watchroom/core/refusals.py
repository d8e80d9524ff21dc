"""A refusal as people read it: the rule's ID and its translated reason, the same on a
page's flash, a form's error, an HTMX partial and the API (`{"rule", "detail"}`)."""

from django.contrib import messages

from watchroom.rules import RuleViolation


def refusal_text(exc: RuleViolation) -> str:
    return f"{exc.rule_id}: {exc.message}"


def flash_refusal(request, exc: RuleViolation) -> None:
    """Tell the person on the next page what was refused and by which rule."""
    messages.error(request, refusal_text(exc))


def form_refusal(form, exc: RuleViolation, field: str | None = None) -> None:
    """Show the refusal on the form: each field's problems beside that field (those of
    fields the form lacks above it), else the whole refusal on `field` or above."""
    if exc.fields:
        for name, messages in exc.fields.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, f"{exc.rule_id}: {message}")
        return
    form.add_error(field, refusal_text(exc))
