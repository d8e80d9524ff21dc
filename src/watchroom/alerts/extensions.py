"""What higher apps do when an alert is raised or closed, without alerts importing them:
each registers a listener in its AppConfig.ready(). Listeners run inside the raising
or closing service's transaction, with the alert and whether it was just created; a
listener that must not undo the alert guards itself (a savepoint, its own logging)."""

from collections.abc import Callable

_raised: list[Callable] = []
_closed: list[Callable] = []
# (user, alert) -> [{"url", "label"}]: links a higher app adds to an alert's page.
_links: list[Callable] = []


def on_alert_raised(listener: Callable) -> Callable:
    """`listener(alert, created)`: called by alert_raise for every call (created False
    when the key's alert was already open)."""
    if listener not in _raised:
        _raised.append(listener)
    return listener


def on_alert_closed(listener: Callable) -> Callable:
    """`listener(alert)`: called by alert_close when it closes an alert."""
    if listener not in _closed:
        _closed.append(listener)
    return listener


def alert_raised(alert, created: bool) -> None:
    for listener in list(_raised):
        listener(alert, created)


def alert_closed(alert) -> None:
    for listener in list(_closed):
        listener(alert)


def add_alert_links(links: Callable) -> None:
    if links not in _links:
        _links.append(links)


def alert_links(user, alert) -> list[dict]:
    return [link for links in _links for link in links(user, alert)]
