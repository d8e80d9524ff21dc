"""What higher apps lend duty, filled in their AppConfig.ready(): cards on the room
head's board (equipment care's end-of-day reconciliation, …), sections of the handover
form and what happens when a handover is decided (R-HAND-4: the room's open
incidents), and links on a duty-log entry (turning an anomaly into an incident)."""

from collections.abc import Callable

# (room, now) -> {"template": …, **context} or None (nothing to show)
_board_cards: list[Callable] = []
# (room, now) -> {"template": …, **context} or None: shown on the handover form
_handover_sections: list[Callable] = []
# (handover) -> None: called inside handover_accept / handover_refuse's transaction
_handover_decided: list[Callable] = []
# (user, entry) -> [{"url", "label"}]
_entry_links: list[Callable] = []


def _add(registry: list, item: Callable) -> None:
    if item not in registry:
        registry.append(item)


def add_board_card(card: Callable) -> None:
    _add(_board_cards, card)


def board_cards(room, now) -> list[dict]:
    return [shown for card in _board_cards if (shown := card(room, now)) is not None]


def add_handover_section(section: Callable) -> None:
    _add(_handover_sections, section)


def handover_sections(room, now) -> list[dict]:
    return [shown for section in _handover_sections
            if (shown := section(room, now)) is not None]


def on_handover_decided(listener: Callable) -> None:
    _add(_handover_decided, listener)


def handover_decided(handover) -> None:
    for listener in list(_handover_decided):
        listener(handover)


def add_entry_links(links: Callable) -> None:
    _add(_entry_links, links)


def entry_links(user, entry) -> list[dict]:
    return [link for links in _entry_links for link in links(user, entry)]
