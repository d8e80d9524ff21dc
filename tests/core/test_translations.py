"""The Simplified Chinese catalogue (the default language) is complete, compiled, and used."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

import watchroom

PACKAGE_DIR = Path(watchroom.__file__).resolve().parent
LOCALE = "zh_Hans"
PO_PATH = PACKAGE_DIR / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# printf-style (%(name)s, %s, %d, %%) and str.format-style ({name}, {}) placeholders.
_PLACEHOLDER = re.compile(
    r"%%|%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{\w*\}"
)


def _placeholders(text: str) -> tuple[frozenset[str], Counter]:
    """Named tokens as a set; positional ones (%s, %d, {}, %%) counted, since order and
    number matter for them."""
    tokens = _PLACEHOLDER.findall(text)
    named = frozenset(t for t in tokens if t.startswith("%(") or re.fullmatch(r"\{\w+\}", t))
    positional = Counter(t for t in tokens if t not in named)
    return named, positional


def _label(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r}"


def _problems(po: polib.POFile) -> list[str]:
    """Every entry that is fuzzy, untranslated, or whose placeholders differ from msgid's."""
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {_label(entry)}")
            continue
        if entry.msgid_plural:
            translations = [entry.msgstr_plural.get(0, "")]
            sources = [entry.msgid, entry.msgid_plural]
        else:
            translations = [entry.msgstr]
            sources = [entry.msgid]
        if not all(t.strip() for t in translations):
            problems.append(f"untranslated: {_label(entry)}")
            continue
        expected = _placeholders(sources[-1])
        if entry.msgid_plural:
            # The one Chinese form stands for both; it follows the plural msgid.
            named = _placeholders(entry.msgid)[0] | expected[0]
            expected = (named, expected[1])
        for translation in translations:
            if _placeholders(translation) != expected:
                problems.append(
                    f"placeholders differ: {_label(entry)} -> {translation!r}"
                )
    return problems


def test_every_entry_is_translated_and_keeps_its_placeholders():
    po = polib.pofile(str(PO_PATH))
    assert len(po) > 0
    assert not po.metadata_is_fuzzy, "the header of the catalogue is marked fuzzy"
    assert po.metadata.get("Language") == LOCALE
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    problems = _problems(po)
    assert not problems, "\n".join(problems)


def test_placeholder_check_catches_mistakes():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Row %(row)d: %(problem)s", msgstr="第 %(row)d 行"))
    po.append(polib.POEntry(msgid="Unknown role: %s", msgstr="未知岗位"))
    po.append(polib.POEntry(msgid="Save", msgstr=""))
    po.append(polib.POEntry(msgid="Back", msgstr="返回", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Log in", msgstr="登录"))
    assert len(_problems(po)) == 4


def _catalog(mo_file: Path) -> dict:
    with mo_file.open("rb") as fp:
        translations = gettext.GNUTranslations(fp)
    # The header ("" key) carries dates that differ between compilers; the messages are
    # what matters, plus the plural rule.
    catalog = {k: v for k, v in translations._catalog.items() if k != ""}
    return {"messages": catalog, "plural": [translations.plural(n) for n in range(12)]}


def test_committed_mo_matches_the_po(tmp_path):
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run compilemessages"
    fresh = tmp_path / "django.mo"
    polib.pofile(str(PO_PATH)).save_as_mofile(str(fresh))
    expected = _catalog(fresh)
    actual = _catalog(MO_PATH)
    missing = set(expected["messages"]) - set(actual["messages"])
    extra = set(actual["messages"]) - set(expected["messages"])
    changed = {k for k in set(expected["messages"]) & set(actual["messages"])
               if expected["messages"][k] != actual["messages"][k]}
    assert not (missing or extra or changed), (
        f"{MO_PATH.name} is out of date with {PO_PATH.name} (run compilemessages): "
        f"missing {sorted(map(str, missing))[:10]}, extra {sorted(map(str, extra))[:10]}, "
        f"changed {sorted(map(str, changed))[:10]}"
    )
    assert actual == expected


_MAKEMESSAGES_SETTINGS = """\
USE_I18N = True
SECRET_KEY = "makemessages-only"
LOCALE_PATHS = [{locale!r}]
"""


def test_source_has_no_string_without_a_translation(tmp_path):
    tools = ["xgettext", "msgmerge", "msguniq"]
    if not all(shutil.which(tool) for tool in tools):
        message = "GNU gettext (xgettext, msgmerge, msguniq) is not installed; install gettext"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    tree = tmp_path / "watchroom"
    shutil.copytree(PACKAGE_DIR, tree, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # Settings that point makemessages at the copy only, so that the real catalogue is
    # never written to.
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "makemessages_settings.py").write_text(
        _MAKEMESSAGES_SETTINGS.format(locale=str(tree / "locale")), encoding="utf-8"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "makemessages_settings",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(conf),
                                                       os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", LOCALE, "--no-obsolete"],
        cwd=tree, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    po = polib.pofile(str(tree / "locale" / LOCALE / "LC_MESSAGES" / "django.po"))
    problems = _problems(po)
    assert not problems, (
        "strings in the source lack a Chinese translation; run makemessages, translate, "
        "compilemessages:\n" + "\n".join(problems)
    )


def test_login_page_is_in_chinese(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html
    assert "监控室登录" in html
    assert "Monitoring room log in" not in html
