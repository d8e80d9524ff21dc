"""Each person acts with their own credentials on a shared screen (R-HAND-5, R-DUTY-2,
R-DUTY-3): the password or authenticator code of the user who acts, whoever is signed
in at the workstation."""

from django.utils.translation import gettext as _

from watchroom.core.people import person_name
from watchroom.rules import RuleViolation
from watchroom.twofactor import services as twofactor


def verify(user, *, password: str = "", code: str = "", rule: str = "R-HAND-5") -> None:
    if code:
        twofactor.check_code(user=user, code=code, rule=rule)
        return
    if not password or not user.is_active or not user.check_password(password):
        raise RuleViolation(rule, _("The password of %(user)s is wrong.") % {
            "user": person_name(user)}, status=403)
