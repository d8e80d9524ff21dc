"""The second factor approvers use (R-FOOT-2): RFC 6238 codes, each accepted once."""

import pytest
from django.utils import translation

from watchroom.core.choices import Role
from watchroom.rules import RuleViolation
from watchroom.twofactor import services, totp
from watchroom.twofactor.models import TotpDevice

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"


@pytest.mark.parametrize(("when", "code"), [
    (59, "287082"), (1111111109, "081804"), (1111111111, "050471"),
    (1234567890, "005924"), (2000000000, "279037"), (20000000000, "353130")])
def test_codes_match_rfc_6238_test_vectors(when, code):
    assert totp.code_at(RFC_SECRET, totp.current_step(when)) == code
    assert totp.matching_step(RFC_SECRET, code, now=when) == totp.current_step(when)


def test_a_neighbouring_step_is_accepted_and_older_ones_are_not():
    now = 1_700_000_000
    step = totp.current_step(now)
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step - 1), now) == step - 1
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step - 3), now) is None
    assert totp.matching_step(RFC_SECRET, "12a456", now) is None


@pytest.mark.django_db
def test_r_foot_2_enrolment_needs_a_correct_code_and_codes_are_used_once(user_of):
    user = user_of(Role.SECURITY_CHIEF)
    _device, secret = services.authenticator_enrol(actor=user)
    assert services.pending_secret(user) == secret
    assert secret not in TotpDevice.objects.get(user=user).secret  # stored encrypted
    with pytest.raises(RuleViolation):
        services.authenticator_confirm(actor=user, code="000000" if totp.code_at(
            secret, totp.current_step()) != "000000" else "111111")
    code = totp.code_at(secret, totp.current_step())
    services.authenticator_confirm(actor=user, code=code)
    assert services.is_enrolled(user)
    with translation.override("en"), pytest.raises(RuleViolation, match="already been used"):
        services.check_code(user=user, code=code, rule="R-FOOT-2")
    services.check_code(user=user, code=totp.code_at(secret, totp.current_step() + 1),
                        rule="R-FOOT-2")
    with pytest.raises(RuleViolation):
        services.authenticator_enrol(actor=user)


def test_provisioning_uri_is_what_authenticator_apps_read():
    uri = totp.provisioning_uri(RFC_SECRET, "王科长")
    assert uri.startswith("otpauth://totp/Watchroom:%E7%8E%8B")
    assert f"secret={RFC_SECRET}" in uri and "period=30" in uri
