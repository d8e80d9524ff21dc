"""The alert pages name the kind of alert in words and the person who acknowledged it
by name (not `duty.check_failed`, not a user name)."""

from tests.conftest import SYSTEM
from watchroom.alerts import services
from watchroom.core.choices import Role


def test_alerts_show_their_kind_by_name_and_who_acknowledged_it(client, make_staff):
    operator = make_staff(Role.OPERATOR, full_name="赵磊")
    alert, _created = services.alert_raise(
        actor=SYSTEM, kind="duty.check_failed", severity="warning", key="check:1",
        message="回放检查未通过")
    services.alert_acknowledge(actor=operator.user, alert=alert)
    client.force_login(operator.user)
    listing = client.get("/alerts/").content.decode()
    detail = client.get(alert.get_absolute_url()).content.decode()
    for html in (listing, detail):
        assert "班前检查未通过" in html
        assert ">duty.check_failed<" not in html
        assert "赵磊" in html
        assert f">{operator.user.username}<" not in html
    assert "%(user)s" not in listing
