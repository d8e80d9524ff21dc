"""R-INC-2: an alert is raised once per key, shown on the home page, and acknowledged
once."""

from django.urls import reverse
from rest_framework.test import APIClient


def test_r_inc_2_alerts_page_api_and_acknowledging_once(client_as, user_of, make_camera):
    from watchroom.alerts import services as alerts

    from ..conftest import SYSTEM

    alert, created = alerts.alert_raise(actor=SYSTEM, kind="recording.gap", severity="critical",
                                        key="k1", message="门诊大厅 1 号 没有录像")
    assert created
    again, created = alerts.alert_raise(actor=SYSTEM, kind="recording.gap",
                                        severity="critical", key="k1", message="重复")
    assert not created and again.pk == alert.pk
    client = client_as("operator")
    home = client.get("/")
    assert "门诊大厅 1 号 没有录像" in home.content.decode()
    assert client.get(reverse("alerts:alert_list"), {"closed": "1"}).status_code == 200
    client.post(reverse("alerts:alert_acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    twice = client.post(reverse("alerts:alert_acknowledge", args=[alert.pk]))
    assert twice.status_code == 409
    api = APIClient()
    api.force_authenticate(user_of("auditor"))
    assert api.get("/api/alerts/").status_code == 200
    assert api.post(f"/api/alerts/{alert.pk}/acknowledge/").status_code == 403
