"""The API's sign-in: `Authorization: Token <key>` with one of our tokens (R-SEC-2)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from watchroom.core.models import ApiToken
from watchroom.core.services.api_tokens import key_hash
from watchroom.core.services.passwords import change_required


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` with one of our tokens that is neither expired nor
    revoked, of an active user."""

    def authenticate_credentials(self, key):
        token = (ApiToken.objects.select_related("user__staff__department")
                 .filter(key_sha256=key_hash(key)).first())
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if not token.is_active(now):
            raise exceptions.AuthenticationFailed(_(
                "R-SEC-2: this API token has expired or was revoked; obtain a new one."))
        if change_required(token.user, now):
            raise exceptions.AuthenticationFailed(_(
                "R-SEC-2: your password must be changed first; sign in on the web page and "
                "change it."))
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
