from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordingConfig(AppConfig):
    name = "watchroom.recording"
    label = "recording"
    verbose_name = _("Recording")

    def ready(self):
        # Lazy: models and other apps are not loaded before ready().
        from watchroom.audit import extensions
        from watchroom.recording import backup

        extensions.set_offsite_store(lambda: backup.store())
