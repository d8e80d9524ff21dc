"""R-FOOT-6: an incident in a privacy-sensitive area shows its pictures and files only to
the area's knowledge scope; the others see that they exist, not what they show."""

import pytest

from tests.incidents.conftest import report
from tests.live.scene import picture
from watchroom.incidents import services

pytestmark = pytest.mark.django_db


def test_r_foot_6_an_incidents_files_in_a_privacy_area_only_for_its_scope(scene, client):
    scene.area.privacy_sensitive = True
    scene.area.save(update_fields=["privacy_sensitive"])
    scene.area.knowledge_scope.add(scene.operator)
    incident = report(scene)
    item = services.incident_attach(actor=scene.operator, incident=incident,
                                    name="现场.jpg", data=picture())
    url = f"/incidents/{incident.pk}/files/{item.pk}/"
    client.force_login(scene.head)  # a room head outside the ward's scope
    assert client.get(url).status_code == 404
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'data-testid="attachment-out-of-scope"' in page and url not in page
    client.force_login(scene.operator)
    assert client.get(url).status_code == 200
    assert url in client.get(incident.get_absolute_url()).content.decode()
