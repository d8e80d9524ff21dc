"""Logins, logouts and failed logins enter the audit trail (R-SEC-3)."""

from django.contrib.auth import signals as auth_signals
from django.db import transaction

from watchroom.audit.services import audit_record


def _on_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit_record(actor=user, action="auth.login", target=user)


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        with transaction.atomic():
            audit_record(actor=user, action="auth.logout", target=user)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    with transaction.atomic():
        audit_record(actor=None, action="auth.login_failed", data={"username": username})


def connect():
    auth_signals.user_logged_in.connect(_on_login, dispatch_uid="audit_login")
    auth_signals.user_logged_out.connect(_on_logout, dispatch_uid="audit_logout")
    auth_signals.user_login_failed.connect(_on_login_failed, dispatch_uid="audit_login_failed")
