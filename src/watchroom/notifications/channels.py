"""One adapter per channel. The inbox is written in the notifying transaction; the
others send one outbox row (a Delivery) and raise `DeliveryFailed` when the channel
did not take it, so that the outbox tries again later."""

import hashlib
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage

from watchroom.notifications.choices import Channel
from watchroom.notifications.models import Delivery, Notification

TIMEOUT_SECONDS = 10.0


class DeliveryFailed(Exception):
    """The channel did not take the message; the text says why."""


def absolute(link: str) -> str:
    return settings.WATCHROOM.get("BASE_URL", "").rstrip("/") + link if link else ""


class InApp:
    """The inbox: one row per person, in the same transaction as the action."""

    channel = "inbox"

    def write(self, users, *, title: str, text: str, link: str, now) -> list[Notification]:
        return Notification.objects.bulk_create([
            Notification(user=u, text=f"{title}: {text}"[:300], link=link, created_at=now)
            for u in users])


class Email:
    """One e-mail per person (nobody sees the others' addresses)."""

    channel = Channel.EMAIL

    def message(self, delivery: Delivery) -> EmailMessage:
        body = delivery.text
        if delivery.link:
            body = f"{body}\n\n{absolute(delivery.link)}"
        return EmailMessage(delivery.title, body, None, [delivery.target],
                            headers={"Message-ID": f"<{delivery.key}@watchroom>"})

    def send(self, delivery: Delivery) -> None:
        try:
            self.message(delivery).send()
        except Exception as exc:  # the mail server's errors are of many kinds
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc


class Webhook:
    """A JSON POST to a chat robot or any web service: {"title", "text", "link"}."""

    channel = Channel.JSON

    def body(self, title: str, text: str, link: str) -> dict:
        return {"title": title, "text": text, "link": link}

    def send(self, delivery: Delivery) -> None:
        url = webhook_url(delivery.channel, delivery.target)
        if url is None:
            raise DeliveryFailed("this webhook is no longer in WATCHROOM_WEBHOOKS")
        body = self.body(delivery.title, delivery.text, absolute(delivery.link))
        self.check(post_json(url, body, key=str(delivery.key)))

    def check(self, answer: bytes) -> None:
        """A 2xx answer is taken."""


class WeCom(Webhook):
    """A WeCom (企业微信) group robot: markdown; a refusal comes back as errcode."""

    channel = Channel.WECOM

    def body(self, title: str, text: str, link: str) -> dict:
        content = f"**{title}**\n{text}" + (f"\n[{link}]({link})" if link else "")
        return {"msgtype": "markdown", "markdown": {"content": content}}

    def check(self, answer: bytes) -> None:
        try:
            reply = json.loads(answer or b"{}")
        except ValueError:
            return
        if isinstance(reply, dict) and reply.get("errcode", 0) != 0:
            raise DeliveryFailed(f"robot refused: {reply.get('errcode')} {reply.get('errmsg', '')}")


class DingTalk(WeCom):
    """A DingTalk (钉钉) group robot: markdown with a title; refusals as errcode."""

    channel = Channel.DINGTALK

    def body(self, title: str, text: str, link: str) -> dict:
        markdown = f"### {title}\n{text}" + (f"\n\n[{link}]({link})" if link else "")
        return {"msgtype": "markdown", "markdown": {"title": title, "text": markdown}}


ADAPTERS = {a.channel: a for a in (Email(), Webhook(), WeCom(), DingTalk())}
INBOX = InApp()


def post_json(url: str, body: dict, timeout: float = TIMEOUT_SECONDS, key: str = "") -> bytes:
    """POST `body`; `key` goes as the Idempotency-Key header (the same on every retry)."""
    if not url.startswith(("https://", "http://")):
        raise DeliveryFailed("webhook address must be http(s)")
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST",  # noqa: S310
                                     headers={"Content-Type": "application/json; charset=utf-8",
                                              **({"Idempotency-Key": key} if key else {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code} {exc.reason}") from exc
    except (OSError, ValueError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc


def fingerprint(url: str) -> str:
    """What the outbox keeps of a robot's address (which holds its access token)."""
    return "sha256:" + hashlib.sha256(url.encode()).hexdigest()[:32]


def webhooks() -> list[tuple[str, str]]:
    """The configured robots as (channel, url); an unknown kind is sent plain JSON."""
    known = set(Channel.values) - {Channel.EMAIL}
    return [(kind if kind in known else Channel.JSON, url)
            for kind, url in settings.WATCHROOM.get("WEBHOOKS", [])]


def webhook_url(channel: str, target: str) -> str | None:
    return next((url for kind, url in webhooks()
                 if kind == channel and fingerprint(url) == target), None)
