from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "watchroom.duty"
    label = "duty"
    verbose_name = _("Duty")
