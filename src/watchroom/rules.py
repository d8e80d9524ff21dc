"""The one exception every refused action raises, naming the rule it enforces."""

from django.utils.functional import Promise


class RuleViolation(Exception):
    """A rule from RULES.md refuses an action.

    `status` is the HTTP status the API answers with: 409 for a state that does not
    allow the action, 403 for an actor who may not do it, 400 for input that breaks
    a rule. `fields` maps an input field to what is wrong with it, for forms and the API
    to show beside the field (bad input is refused through this one exception too).
    """

    def __init__(self, rule_id: str, message: str | Promise, *, status: int = 409,
                 fields: dict[str, list[str]] | None = None, **details):
        super().__init__(f"{rule_id}: {message}")
        self.rule_id = rule_id
        self.message = message
        self.status = status
        self.fields = {name: [str(m) for m in messages]
                       for name, messages in (fields or {}).items()}
        self.details = details
        self.recorded = False

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message}"
