"""What apps above core lend it, registered from their AppConfig.ready(), so that core
never imports them (as audit.extensions does for audit): what keeps a person or a place
from being deactivated, and what the home page shows of each app."""

from collections.abc import Callable
from dataclasses import dataclass

from watchroom.rules import RuleViolation

# fn(staff) -> RuleViolation | None: why the person may not be deactivated now.
_person_holds: list[Callable] = []
# fn(place) -> (rule_id, what still depends on it) | None, for sites, departments,
# areas and rooms alike (each check answers None for a place it does not know).
_place_holds: list[Callable] = []
_home_figures: list[Callable] = []
# fn(user, place) -> [{"url", "label"}]: links a higher app adds to a place's page (an
# area's floor plan, say); each answers [] for a place it does not know.
_place_links: list[Callable] = []


@dataclass(frozen=True)
class HomePanel:
    """A section of the home page: `template` rendered with `context(request)` (None:
    nothing to show this person)."""

    template: str
    context: Callable


home_panels: list[HomePanel] = []


def _add(registry: list, item) -> None:
    if item not in registry:
        registry.append(item)


def add_person_hold(check: Callable) -> None:
    _add(_person_holds, check)


def add_place_hold(check: Callable) -> None:
    _add(_place_holds, check)


def add_home_figures(figures: Callable) -> None:
    """`figures()` -> [(permission, label, queryset, url name)] for the home page's cards."""
    _add(_home_figures, figures)


def add_place_links(links: Callable) -> None:
    _add(_place_links, links)


def place_links(user, place) -> list[dict]:
    return [link for links in _place_links for link in links(user, place)]


def add_home_panel(panel: HomePanel) -> None:
    _add(home_panels, panel)


def person_hold(staff) -> RuleViolation | None:
    return next((r for check in _person_holds if (r := check(staff)) is not None), None)


def place_hold(place) -> tuple[str, str] | None:
    return next((r for check in _place_holds if (r := check(place)) is not None), None)


def home_figures() -> list[tuple]:
    return [figure for figures in _home_figures for figure in figures()]
