"""Every audit action the code records and every alert kind it raises has a translated
name, and every action belongs to a category of the audit trail's filter: the source
is walked, so a new code without a name fails here."""

import ast
import re
from pathlib import Path

import polib
from django.utils import translation

import watchroom
from watchroom.alerts.names import ALERT_NAMES, alert_name
from watchroom.audit.names import ACTION_NAMES, action_name, category_of
from watchroom.footage.choices import ApprovalDecision
from watchroom.health.names import CAUSES
from watchroom.recording import verification
from watchroom.recording.choices import IntegrityState

SOURCE = Path(watchroom.__file__).resolve().parent
CODE = re.compile(r"^[a-z_]+\.[a-z_.]+$")
PO = SOURCE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

INTEGRITY = sorted({*IntegrityState.values} - {IntegrityState.OK}
                   | {verification.ALTERED, verification.DELETED, verification.UNRECORDED})
# What each code built at run time (an f-string) can become. A new f-string prefix must
# be added here with its values, and the values named in the registries.
PLACES = ["site", "department", "area", "room"]  # core.services.PLACE_ACTIONS
EXPANSIONS = {
    "footage.request_{}": ApprovalDecision.values,
    "recording.backup_{}": ["checked", "sampled"],  # backup_checks.backup_check_record(kind=…)
    "recording.integrity_{}": INTEGRITY,
    "recording.integrity.{}": INTEGRITY,
    "health.{}": list(CAUSES),  # health.services.probes.health_check_record, one kind per cause
    "{}.deactivated": PLACES,
    "{}.reactivated": PLACES,
}


def _codes(keyword: str, call: str | None = None) -> set[str]:
    """Every string given as `keyword=` (to `call`, if named) anywhere in the source."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if call is not None and name != call:
                continue
            for kw in node.keywords:
                if kw.arg != keyword:
                    continue
                values = [kw.value.body, kw.value.orelse] if isinstance(
                    kw.value, ast.IfExp) else [kw.value]
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        if CODE.match(value.value):
                            found.add(value.value)
                    elif isinstance(value, ast.JoinedStr):
                        shape = "".join(part.value if isinstance(part, ast.Constant)
                                        else "{}" for part in value.values)
                        assert shape in EXPANSIONS, (
                            f"{path.name}: {keyword}=f'{shape}' is new: add what it can "
                            "become to EXPANSIONS and name each in the registry")
                        found |= {shape.format(v) for v in EXPANSIONS[shape]}
                    else:
                        assert keyword == "action", ast.dump(value)
    return found


def test_every_recorded_audit_action_has_a_name_and_a_category():
    actions = _codes("action")
    assert {"auth.login", "rule.refused", "duty.clocked_on", "footage.request_rejected",
            "recording.integrity_altered", "recording.source_recovered"} <= actions
    assert sorted(actions - ACTION_NAMES.keys()) == []
    assert sorted(a for a in ACTION_NAMES if not category_of(a)) == []


def test_every_raised_alert_kind_has_a_name():
    kinds = _codes("kind", call="alert_raise")
    assert {"duty.check_failed", "recording.gap", "recording.integrity.missing"} <= kinds
    assert sorted(kinds - ALERT_NAMES.keys()) == []


def test_every_name_is_translated_into_chinese():
    catalogue = {e.msgid: e.msgstr for e in polib.pofile(str(PO)) if not e.obsolete}
    with translation.override("en"):
        names = [str(n) for n in (*ACTION_NAMES.values(), *ALERT_NAMES.values())]
    missing = [n for n in names if not catalogue.get(n)]
    assert missing == []
    with translation.override("zh-hans"):
        assert action_name("auth.login") == "登录"
        assert alert_name("duty.check_failed") == "班前检查未通过"
        assert action_name("some.old_code") == "some.old_code"
