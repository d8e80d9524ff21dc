"""Enrolling an authenticator and checking its codes; a code is used at most once, and
a few wrong codes close an account's code step for some minutes (R-SEC-2)."""

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from watchroom import crypto
from watchroom.audit.models import AuditEvent
from watchroom.audit.services import audit_record, canonical_json
from watchroom.rules import RuleViolation
from watchroom.service import service
from watchroom.twofactor import totp
from watchroom.twofactor.models import TotpDevice


@service
def authenticator_enrol(*, actor) -> tuple[TotpDevice, str]:
    """A new secret for the actor (replacing an unconfirmed one); returns the device and
    the secret to show once."""
    device = TotpDevice.objects.select_for_update().filter(user=actor).first()
    if device is not None and device.confirmed:
        raise RuleViolation("R-FOOT-2", _(
            "You already have an authenticator; ask an administrator to reset it."))
    secret = totp.new_secret()
    if device is None:
        device = TotpDevice(user=actor)
    device.secret = crypto.encrypt(secret)
    device.created_at = timezone.now()
    device.confirmed_at = None
    device.last_step = 0
    device.save()
    audit_record(actor=actor, action="twofactor.enrol_started", target=actor)
    return device, secret


@service
def authenticator_confirm(*, actor, code: str, now: float | None = None) -> TotpDevice:
    device = TotpDevice.objects.select_for_update().filter(user=actor).first()
    if device is None:
        raise RuleViolation("R-FOOT-2", _("Start the enrolment first."), status=400)
    if device.confirmed:
        raise RuleViolation("R-FOOT-2", _("Your authenticator is already confirmed."))
    step = totp.matching_step(crypto.decrypt(device.secret), code, now)
    if step is None:
        raise RuleViolation("R-FOOT-2", _(
            "The code does not match; check the phone's clock and enter the newest code."),
            status=400)
    device.confirmed_at = timezone.now()
    device.last_step = step
    device.save(update_fields=["confirmed_at", "last_step"])
    audit_record(actor=actor, action="twofactor.enrolled", target=actor)
    return device


WRONG_CODE = {"authenticator_code": "wrong"}


def _wrong_code_times(user, at: dt.datetime) -> list[dt.datetime]:
    """When the user's latest wrong codes were refused, newest first, within the closing
    window. The refusals are read from the audit trail: the refused action rolled back,
    and only its audit event (written in a transaction of its own) remains."""
    minutes = settings.WATCHROOM["CODE_CLOSED_MINUTES"]
    marker = canonical_json(WRONG_CODE)[1:-1]
    return list(AuditEvent.objects.filter(
        action="rule.refused", target_type=f"{user._meta.app_label}.{user._meta.model_name}",
        target_id=str(user.pk), ts__gt=at - dt.timedelta(minutes=minutes),
        data__contains=marker,
    ).order_by("-ts").values_list("ts", flat=True)[:settings.WATCHROOM["CODE_FAILURE_LIMIT"]])


def code_step_closed_until(user, at: dt.datetime | None = None) -> dt.datetime | None:
    """R-SEC-2: the end of the closing after CODE_FAILURE_LIMIT wrong codes, or None."""
    at = at or timezone.now()
    times = _wrong_code_times(user, at)
    if len(times) < settings.WATCHROOM["CODE_FAILURE_LIMIT"]:
        return None
    return times[-1] + dt.timedelta(minutes=settings.WATCHROOM["CODE_CLOSED_MINUTES"])


def check_code(*, user, code: str, rule: str, now: float | None = None) -> None:
    """Inside a caller's transaction: the user's next unused code, or RuleViolation.
    A code already used (replayed) or older than the last one used is refused; while
    the account's code step is closed (R-SEC-2), every code is refused, even the right
    one."""
    at = timezone.now()
    closed_until = code_step_closed_until(user, at)
    if closed_until is not None:
        raise RuleViolation("R-SEC-2", _(
            "Too many wrong authenticator codes: this account's codes are refused until "
            "%(time)s.") % {"time": formats.time_format(timezone.localtime(closed_until),
                                                        "H:i")},
            status=429, target=user)
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or not device.confirmed:
        raise RuleViolation(rule, _(
            "This needs your authenticator code; enrol an authenticator first."), status=403)
    if not (code or "").strip():
        raise RuleViolation(rule, _(
            "This needs a fresh code from your authenticator."), status=403)
    step = totp.matching_step(crypto.decrypt(device.secret), code, now)
    if step is None:
        details = dict(WRONG_CODE)
        if len(_wrong_code_times(user, at)) + 1 >= settings.WATCHROOM["CODE_FAILURE_LIMIT"]:
            details["code_step_closed_until"] = (at + dt.timedelta(
                minutes=settings.WATCHROOM["CODE_CLOSED_MINUTES"])).isoformat()
        raise RuleViolation(rule, _("The authenticator code is wrong or too old."),
                            status=403, target=user, **details)
    if step <= device.last_step:
        raise RuleViolation(rule, _(
            "This authenticator code has already been used; wait for the next one."),
            status=403)
    device.last_step = step
    device.save(update_fields=["last_step"])


def is_enrolled(user) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def pending_secret(user) -> str | None:
    """The secret of an enrolment started but not yet confirmed, to show it again."""
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    return crypto.decrypt(device.secret) if device else None


@service
def authenticator_install(*, actor, user, secret: str) -> TotpDevice:
    """An authenticator whose key is given (the demo's approvers), confirmed at once."""
    now = timezone.now()
    device, _created = TotpDevice.objects.update_or_create(user=user, defaults={
        "secret": crypto.encrypt(secret), "created_at": now, "confirmed_at": now,
        "last_step": 0})
    audit_record(actor=actor, action="twofactor.enrolled", target=user)
    return device
