"""What higher apps lend the equipment archive, filled in their AppConfig.ready():
links on each item's detail page (the item's history, its faults, …)."""

from collections.abc import Callable

# (user, equipment) -> [{"url": …, "label": …}]
_detail_links: list[Callable] = []


def add_detail_links(provider: Callable) -> None:
    if provider not in _detail_links:
        _detail_links.append(provider)


def detail_links(user, equipment) -> list[dict]:
    return [link for provider in _detail_links for link in provider(user, equipment)]
