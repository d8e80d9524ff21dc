from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "watchroom.care"
    label = "care"
    verbose_name = _("Equipment care")

    def ready(self):
        from watchroom.care import history  # noqa: F401  (registers the history's sources)
        from watchroom.care.views.history import history_link
        from watchroom.devices import extensions

        extensions.add_detail_links(history_link)
