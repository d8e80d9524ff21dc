"""Telling approvers and requesters: the in-app inbox (in the same transaction), and,
once the transaction has committed, e-mail and chat webhooks (WeCom and DingTalk group
robots, or plain JSON). A message that cannot be sent is logged, never lost from the
inbox."""

import json
import logging
import threading
import urllib.request

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.footage.models import Notification

logger = logging.getLogger("watchroom.notify")


def webhook_body(kind: str, title: str, text: str, link: str) -> dict:
    if kind == "wecom":
        return {"msgtype": "markdown",
                "markdown": {"content": f"**{title}**\n{text}\n[{link}]({link})"}}
    if kind == "dingtalk":
        return {"msgtype": "markdown",
                "markdown": {"title": title, "text": f"### {title}\n{text}\n\n[{link}]({link})"}}
    return {"title": title, "text": text, "link": link}


def post_webhook(url: str, body: dict, timeout: float = 5.0) -> int:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"webhook address must be http(s): {url}")
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST",  # noqa: S310
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status


def _absolute(link: str) -> str:
    return settings.WATCHROOM.get("BASE_URL", "").rstrip("/") + link


def send(users, title: str, text: str, link: str) -> None:
    now = timezone.now()
    users = list(users)
    Notification.objects.bulk_create([
        Notification(user=u, text=f"{title}: {text}"[:300], link=link, created_at=now)
        for u in users])
    emails = [u.email for u in users if u.email]
    hooks = settings.WATCHROOM.get("WEBHOOKS", [])

    def deliver():
        if emails:
            try:
                send_mail(title, f"{text}\n\n{_absolute(link)}", None, emails)
            except Exception:
                logger.exception("e-mail to %s failed", emails)
        for kind, url in hooks:
            try:
                post_webhook(url, webhook_body(kind, title, text, _absolute(link)))
            except Exception:
                logger.exception("webhook %s failed", kind)

    def after_commit():
        if settings.WATCHROOM.get("NOTIFY_INLINE"):
            deliver()
        else:
            threading.Thread(target=deliver, name="notify", daemon=True).start()

    transaction.on_commit(after_commit)


def approvers(request) -> None:
    role = request.next_role
    if role is None:
        return
    users = get_user_model().objects.filter(groups__name=role, is_active=True).exclude(
        pk=request.entered_by_id)
    send(users, _("Footage request %(number)s awaits your decision") % {
        "number": request.number},
        _("%(requester)s (%(unit)s): %(purpose)s") % {
            "requester": request.requester_name, "unit": request.requester_unit,
            "purpose": request.purpose[:120]},
        request.get_absolute_url())


def outcome(request) -> None:
    send([request.entered_by], _("Footage request %(number)s: %(status)s") % {
        "number": request.number, "status": request.get_status_display()},
        request.requester_name, request.get_absolute_url())
