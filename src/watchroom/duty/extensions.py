"""What higher apps lend duty, filled in their AppConfig.ready(): cards on the room
head's board (equipment care's end-of-day reconciliation, …)."""

from collections.abc import Callable

# (room, now) -> {"template": …, **context} or None (nothing to show)
_board_cards: list[Callable] = []


def add_board_card(card: Callable) -> None:
    if card not in _board_cards:
        _board_cards.append(card)


def board_cards(room, now) -> list[dict]:
    return [shown for card in _board_cards if (shown := card(room, now)) is not None]
