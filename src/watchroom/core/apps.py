from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "watchroom.core"
    label = "core"
    verbose_name = _("Places and people")

    def ready(self):
        from django.db.models.signals import post_migrate

        from watchroom.core import people  # noqa: F401  (connects its signal receivers)
        from watchroom.core.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="core_sync_roles")
