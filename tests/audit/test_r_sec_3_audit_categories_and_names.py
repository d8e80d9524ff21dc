"""R-SEC-3: the audit trail by category (page and API) and by a person's name (page)."""

from django.utils import translation

from tests.conftest import SYSTEM
from watchroom.audit.services import audit_record
from watchroom.core.choices import Role

EVENTS = "/api/audit/events/"


def test_r_sec_3_api_filters_by_category(client_as, make_staff):
    auditor = client_as(Role.AUDITOR)
    operator = make_staff(Role.OPERATOR).user
    login = audit_record(actor=operator, action="auth.login", target=operator)
    audit_record(actor=SYSTEM, action="camera.created", target=("devices.camera", "1", "C1"))
    rows = auditor.get(EVENTS, {"category": "sign-in"}).json()["results"]
    assert login.action in {r["action"] for r in rows}
    assert {r["action"].split(".")[0] for r in rows} <= {"auth", "twofactor", "api_token"}
    # the API's actor filter stays exact: a part of a name is not an account
    assert auditor.get(EVENTS, {"actor": operator.staff.full_name[:2]}).json()["results"] == []


def test_r_sec_3_page_finds_a_person_by_part_of_the_name(client_as, make_staff):
    auditor = client_as(Role.AUDITOR)
    person = make_staff(Role.OPERATOR, full_name="欧阳明月").user
    audit_record(actor=person, action="duty.log_written", target=("duty.logentry", "9", "x"))
    with translation.override("zh-hans"):
        html = auditor.get("/audit/", {"actor": "明月"}).content.decode()
    rows = html[html.index("<tbody>"):html.index("</tbody>")]
    assert rows.count("<tr") == 1
    assert "欧阳明月" in rows and "填写值班记录" in rows


def test_r_sec_3_a_process_is_named_as_a_system_process(client_as):
    from watchroom.audit.context import Process

    auditor = client_as(Role.AUDITOR)
    event = audit_record(actor=Process("demo"), action="camera.created",
                         target=("devices.camera", "1", "C1"))
    with translation.override("zh-hans"):
        listing = auditor.get("/audit/").content.decode()
        detail = auditor.get(f"/audit/events/{event.seq}/").content.decode()
    assert "系统进程 demo" in listing and "process:demo" not in listing
    assert "系统进程 demo" in detail
