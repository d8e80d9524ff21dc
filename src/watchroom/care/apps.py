from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "watchroom.care"
    label = "care"
    verbose_name = _("Equipment care")

    def ready(self):
        # Lazy: models and other apps are not loaded before ready().
        from watchroom.alerts import extensions
        from watchroom.care import automatic, links
        from watchroom.core import extensions as core_extensions

        extensions.on_alert_raised(automatic.on_alert_raised)
        # An equipment item's page links to reporting its fault and to its repair archive.
        core_extensions.add_place_links(links.equipment_links)
        core_extensions.add_home_figures(links.home_figures)
