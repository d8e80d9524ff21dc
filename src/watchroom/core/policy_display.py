"""How a policy profile's figures read on its page."""

from django.utils.html import format_html, format_html_join

from watchroom.core.choices import RequesterType
from watchroom.core.roles import role_label


def approval_steps(chains: dict):
    """Each requester type's approval chain (R-FOOT-2) as numbered steps with the roles'
    names: 「公安机关 1. 保卫科长 2. 分管副院长」."""
    if not chains:
        return ""
    kinds = dict(RequesterType.choices)
    return format_html(
        '<div data-testid="approval-chains">{}</div>',
        format_html_join("", '<div class="chain"><strong>{}</strong><ol>{}</ol></div>', (
            (kinds.get(kind, kind),
             format_html_join("", "<li>{}</li>", ((role_label(role),) for role in chain)))
            for kind, chain in chains.items())))
