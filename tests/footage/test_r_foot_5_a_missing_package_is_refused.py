"""R-FOOT-5: a package whose file is gone is refused by the download service (the page
and the API alike) and is not recorded as downloaded."""

import pytest
from django.urls import reverse

from watchroom.audit.models import AuditEvent
from watchroom.footage import services
from watchroom.rules import RuleViolation

from .test_exports import exported  # noqa: F401

pytestmark = pytest.mark.django_db


def test_r_foot_5_a_missing_package_file_is_refused_and_not_audited(
        exported, people, client):  # noqa: F811
    request, export, package = exported
    package.unlink()
    with pytest.raises(RuleViolation) as refused:
        services.export_download(actor=people["executor"], export=export)
    assert (refused.value.rule_id, refused.value.status) == ("R-FOOT-5", 409)
    client.force_login(people["executor"])
    page = client.get(reverse("footage:export_download", args=[request.pk, export.pk]))
    assert page.status_code == 409 and b"R-FOOT-5" in page.content
    api = client.get(f"/api/exports/{export.pk}/download/")
    assert api.status_code == 409 and api.json()["rule"] == "R-FOOT-5"
    assert not AuditEvent.objects.filter(action="footage.export_downloaded").exists()
