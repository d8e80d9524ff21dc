from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "watchroom.live"
    label = "live"
    verbose_name = _("Video wall")
