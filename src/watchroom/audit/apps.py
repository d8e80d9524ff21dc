from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _ensure_head(**kwargs):
    from watchroom.audit.chain import ensure_head

    ensure_head(using=kwargs.get("using", "default"))


class AuditConfig(AppConfig):
    name = "watchroom.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from django.db.models.signals import post_migrate

        from watchroom.audit import signals

        signals.connect()
        # A module-level receiver: signals hold weak references, and a lambda would be
        # collected at once, leaving a flushed database without its chain head.
        post_migrate.connect(_ensure_head, sender=self, dispatch_uid="audit_ensure_head")
