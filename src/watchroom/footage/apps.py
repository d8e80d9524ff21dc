from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootageConfig(AppConfig):
    name = "watchroom.footage"
    label = "footage"
    verbose_name = _("Footage requests")

    def ready(self):
        from watchroom.footage import selectors
        from watchroom.recording import access

        access.register_grant_provider(access.REQUEST_KIND, selectors.request_grants)
