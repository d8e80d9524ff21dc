from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit log (DESIGN.md "Audit trail").

    `hash` = SHA-256 over `prev_hash`, `seq` and the SHA-256 of the canonical body
    (see `watchroom.audit.chain`). Database triggers refuse UPDATE and DELETE.
    """

    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    ts = models.DateTimeField(_("time"), db_index=True)
    actor = models.CharField(_("actor"), max_length=150, db_index=True)
    actor_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target ID"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    data = models.TextField(_("data"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    # The pending row this event sealed (not hashed): lets the database remove a pending
    # row only once its event is in the chain.
    pending_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        constraints = [models.UniqueConstraint(fields=["pending_id"],
                                               condition=models.Q(pending_id__isnull=False),
                                               name="audit_event_sealed_once")]
        permissions = [("verify_auditevent", "Can verify the audit trail")]

    def __str__(self):
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """The chain's newest link; its row lock serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """A signed statement that the chain had `seq` events ending in `hash`.

    Checkpoints form a chain of their own: each carries its `number` (1, 2, 3, …) and
    the hash of the previous checkpoint's signed statement (`prev_hash`), both signed,
    so a missing or replaced checkpoint is found. Those signed before numbering have
    neither and are checked on their own.
    """

    number = models.BigIntegerField(_("number"), null=True, blank=True)
    # NULL, not "": added to a table with triggers, a column with a default would make
    # SQLite rebuild the table without them.
    prev_hash = models.CharField(_("previous checkpoint's hash"), max_length=64,  # noqa: DJ001
                                 null=True, blank=True)
    created = models.DateTimeField(_("created"))
    seq = models.BigIntegerField(_("sequence"))
    hash = models.CharField(_("hash"), max_length=64)
    key_id = models.CharField(_("key fingerprint"), max_length=64)
    signature = models.CharField(_("signature"), max_length=200)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-seq"]
        constraints = [models.UniqueConstraint(fields=["number"],
                                               condition=models.Q(number__isnull=False),
                                               name="audit_checkpoint_number_once")]

    def __str__(self):
        return f"checkpoint @{self.seq}"


class AuditPending(models.Model):
    """An event written while another transaction held the chain's head.

    It is committed with its change like any event, then sealed into the chain
    (given its seq and hash, and moved to AuditEvent) by the next writer that holds
    the head, or by the worker within a second. Triggers refuse UPDATE on it, an
    insert not dated by the database, and a DELETE before its event is sealed.
    """

    id = models.BigAutoField(primary_key=True)
    ts = models.DateTimeField()
    actor = models.CharField(max_length=150)
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    data = models.TextField()

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"pending {self.action}"
