from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class HealthConfig(AppConfig):
    name = "watchroom.health"
    label = "health"
    verbose_name = gettext_lazy("Camera health")
