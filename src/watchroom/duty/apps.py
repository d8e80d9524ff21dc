from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from watchroom.core.times import local_text
from watchroom.rules import RuleViolation


class DutyConfig(AppConfig):
    name = "watchroom.duty"
    label = "duty"
    verbose_name = gettext_lazy("Duty")

    def ready(self):
        from watchroom.audit import extensions
        from watchroom.core import extensions as core_extensions
        from watchroom.duty.selectors.handover import recheck_accepted

        extensions.add_integrity_check("accepted handovers match their content hash",
                                       recheck_accepted)
        core_extensions.add_person_hold(person_on_roster)
        core_extensions.add_place_hold(room_with_duties)


# Lent to core (core.extensions), which does not import duty. Models are imported when
# asked, since this module is loaded before the models are (app loading).

def person_on_roster(staff) -> RuleViolation | None:
    """R-DUTY-1: a person with duties ahead is not deactivated."""
    from watchroom.duty.models import Assignment

    last = Assignment.objects.filter(person=staff.user, end__gt=timezone.now()) \
        .order_by("-end").first()
    if last is None:
        return None
    return RuleViolation("R-DUTY-1", _(
        "%(name)s is on a roster until %(end)s: take them off the roster first, so that "
        "no shift is left uncovered.") % {"name": staff.full_name, "end": local_text(last.end)},
        status=409)


def room_with_duties(place) -> tuple[str, str] | None:
    """R-DUTY-1: a monitoring room with duties ahead is not deactivated."""
    from watchroom.core.models import MonitoringRoom
    from watchroom.duty.models import Assignment

    if not isinstance(place, MonitoringRoom):
        return None
    last = Assignment.objects.filter(roster__room=place, end__gt=timezone.now()) \
        .order_by("-end").first()
    if last is None:
        return None
    return "R-DUTY-1", _("duties until %(end)s") % {"end": local_text(last.end)}
