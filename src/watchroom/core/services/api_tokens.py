"""R-SEC-2: API tokens that expire after the profile's `api_token_days`, are listed and
revoked by their owner or an administrator, and are issued only against the password
and, for an account with an authenticator, a current code."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.models import ApiToken, PolicyProfile
from watchroom.core.services.passwords import change_required
from watchroom.core.times import utc_iso
from watchroom.rules import RuleViolation
from watchroom.service import service
from watchroom.twofactor import services as twofactor

REVOKE_ANY = "core.revoke_apitoken"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def lifetime_days(user) -> int:
    """The profile of the user's site; without one, the shortest any profile allows."""
    staff = getattr(user, "staff", None)
    department = getattr(staff, "department", None)
    if department is not None:
        return department.site.policy.api_token_days
    shortest = PolicyProfile.objects.aggregate(days=Min("api_token_days"))["days"]
    return shortest or settings.WATCHROOM["API_TOKEN_DAYS"]


def tokens_visible_to(user):
    """An administrator sees every token; anyone else sees their own."""
    tokens = ApiToken.objects.select_related("user__staff", "revoked_by__staff")
    return tokens if user.has_perm(REVOKE_ANY) else tokens.filter(user=user)


@service
def api_token_issue(*, actor, name: str = "", code: str | None = None) -> tuple[ApiToken, str]:
    """A new token for the actor; the key is returned once and only its hash is kept.
    `code`: asked when the token is obtained with a password (the API), so that an
    account with an authenticator never gets a token on its password alone."""
    if change_required(actor):
        raise RuleViolation("R-SEC-2", _(
            "Your password must be changed first; sign in on the web page and change it."),
            status=403, target=actor)
    if code is not None and twofactor.is_enrolled(actor):
        twofactor.check_code(user=actor, code=code, rule="R-SEC-2")
    now = timezone.now()
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        user=actor, name=name[:100], key_sha256=key_hash(key), created_at=now,
        expires_at=now + dt.timedelta(days=lifetime_days(actor)))
    audit_record(actor=actor, action="api_token.issued", target=token,
                 data={"expires_at": utc_iso(token.expires_at)})
    return token, key


@service
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.has_perm(REVOKE_ANY):
        raise RuleViolation("R-SEC-2", _(
            "Only the token's owner or an administrator revokes an API token."), status=403)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=actor, action="api_token.revoked", target=token,
                     data={"owner": token.user_id})
    return token
