"""R-FOOT-2: the policy page shows each approval chain as numbered steps with the
roles' names, not as a Python dict of role codes."""

from watchroom.core.choices import Role


def test_r_foot_2_policy_page_shows_the_chain_as_steps(client_as, policy):
    html = client_as(Role.ADMINISTRATOR).get(f"/core/policies/{policy.pk}/").content.decode()
    assert "security_chief" not in html
    assert "{&#x27;" not in html and "{'" not in html
    chain = html[html.index('data-testid="approval-chains"'):]
    chain = chain[:chain.index("</dd>")]
    assert "公安机关" in chain
    assert chain.index("保卫科长") < chain.index("分管副院长")
    assert chain.count("<li>") == 2 and "<ol" in chain
