from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TotpDevice(models.Model):
    """A user's authenticator (one per user); the secret is stored encrypted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="totp", verbose_name=_("user"))
    secret = models.TextField(_("secret (encrypted)"))
    created_at = models.DateTimeField(_("created"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_step = models.BigIntegerField(_("last code used"), default=0)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self):
        return str(self.user)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
