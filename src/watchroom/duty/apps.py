from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "watchroom.duty"
    label = "duty"
    verbose_name = _("Duty")

    def ready(self):
        from watchroom.audit import extensions
        from watchroom.duty.selectors.handover import recheck_accepted

        extensions.add_integrity_check("accepted handovers match their content hash",
                                       recheck_accepted)
