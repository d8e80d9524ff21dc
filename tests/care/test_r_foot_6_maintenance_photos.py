"""R-FOOT-6: a work order's photos may show the place its equipment is in; for a
privacy-sensitive area they are for its knowledge scope and for whoever did the work."""

import pytest
from django.urls import reverse

from tests.care.conftest import START, all_ok
from tests.conftest import PASSWORD, SYSTEM
from tests.support.plans import png
from watchroom.care.services import maintenance as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(weekly, kit, tech, area):
    area.privacy_sensitive = True
    area.save(update_fields=["privacy_sensitive"])
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    return svc.work_order_complete(actor=tech, order=order, results=all_ok(order),
                                   findings="", photos=[png()], password=PASSWORD, now=START)


def test_r_foot_6_photos_of_a_privacy_area_only_for_its_scope(signed, tech, head, area,
                                                               client):
    photo = signed.photos.get()
    url = reverse("care:order_photo", args=[photo.pk])
    client.force_login(head)
    assert client.get(url).status_code == 404
    page = client.get(signed.get_absolute_url()).content.decode()
    assert 'data-testid="photos-out-of-scope"' in page and url not in page
    area.knowledge_scope.add(head)
    assert client.get(url).status_code == 200
    assert url in client.get(signed.get_absolute_url()).content.decode()
    client.force_login(tech)  # who did the work sees what they took
    assert client.get(url).status_code == 200
