"""In Chromium: the wall shows a critical alert as a desktop notification, with its
translated title and text, while the tab is hidden and the person allowed notifications
with a click; with the tab in view there is no notification and the banner flashes."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import SYSTEM
from watchroom.alerts import services as alerts
from watchroom.core.choices import Role

from .test_footage_request import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every Notification the page makes is recorded, and still made by the real constructor.
RECORD_NOTIFICATIONS = """
(() => {
  const Real = window.Notification;
  if (!Real) return;
  window.notes = [];
  function Recorded(title, options) {
    const note = new Real(title, options);
    window.notes.push({title: title, body: (options || {}).body, tag: (options || {}).tag,
                       real: note instanceof Real});
    return note;
  }
  Recorded.prototype = Real.prototype;
  Object.defineProperty(Recorded, "permission", {get: () => Real.permission});
  Recorded.requestPermission = (...args) => Real.requestPermission(...args);
  window.Notification = Recorded;
})();
"""

# Headless Chromium keeps every page visible: another tab in front, a minimised window
# and a frozen page all leave document.visibilityState "visible". Where the real hiding
# does not take, the page is hidden through the document's own properties and event.
HIDEABLE = """
(() => {
  const real = Object.getOwnPropertyDescriptor(Document.prototype, "visibilityState").get;
  let forced = null;
  const state = () => forced || real.call(document);
  Object.defineProperty(document, "visibilityState", {get: state, configurable: true});
  Object.defineProperty(document, "hidden", {get: () => state() === "hidden",
                                             configurable: true});
  window.hideTab = (hidden) => {
    forced = hidden ? "hidden" : null;
    document.dispatchEvent(new Event("visibilitychange"));
  };
})();
"""


def _hide(page):
    """Another tab in front of the wall; the wall's own hiding where that does not take."""
    other = page.context.new_page()
    other.bring_to_front()
    page.wait_for_timeout(300)
    if page.evaluate("document.visibilityState") != "hidden":
        page.evaluate("() => window.hideTab(true)")
    assert page.evaluate("document.visibilityState") == "hidden"
    assert page.evaluate("document.hidden") is True
    return other


def test_a_critical_alert_is_a_desktop_notification_only_while_the_tab_is_hidden(
        page, make_staff, room, live_server):
    operator = make_staff(Role.OPERATOR, rooms=[room], full_name="李强").user
    login(page, operator)
    page.add_init_script(RECORD_NOTIFICATIONS)
    page.add_init_script(HIDEABLE)
    page.goto("/wall/")
    allow = page.get_by_test_id("alert-notify")
    expect(allow).to_be_visible()
    expect(allow).to_have_text("以桌面通知显示告警")
    # The browser's own question, answered "allow" as the person would.
    target = page.context.new_cdp_session(page).send("Target.getTargetInfo")["targetInfo"]
    page.context.browser.new_browser_cdp_session().send("Browser.grantPermissions", {
        "origin": live_server.url, "permissions": ["notifications"],
        "browserContextId": target["browserContextId"]})
    allow.click()
    expect(allow).to_be_hidden()
    assert page.evaluate("Notification.permission") == "granted"

    # In view: the banner flashes, no notification.
    alerts.alert_raise(actor=SYSTEM, kind="recording.disk_full", severity="critical",
                       key="recording.disk_full", message="录像存储空间不足 1%")
    banner = page.locator("[data-testid=alert-banner]")
    expect(banner).to_have_count(1, timeout=10_000)
    expect(banner).to_have_class(re.compile(r"\bflashing\b"))
    expect(banner).to_contain_text("录像存储已满")
    assert page.evaluate("document.visibilityState") == "visible"
    assert page.evaluate("window.notes") == []

    # Another tab in front: this one is hidden, and the next alert is a notification.
    other = _hide(page)
    alerts.alert_raise(actor=SYSTEM, kind="recording.gap", severity="critical",
                       key="recording.gap:1", message="门诊大厅 1 号 停止录像")
    page.wait_for_function("() => window.notes.length > 0", timeout=15_000)
    notes = page.evaluate("window.notes")
    assert len(notes) == 1
    note = notes[0]
    assert note["title"] == "严重告警 · 摄像机未录像"
    assert note["body"] == "门诊大厅 1 号 停止录像" and note["real"] is True
    assert page.evaluate("document.visibilityState") == "hidden"
    other.close()

    # In view again: the alert of the hidden time flashes there too, and only once notified.
    page.bring_to_front()
    page.evaluate("() => window.hideTab(false)")
    assert page.evaluate("document.visibilityState") == "visible"
    expect(page.locator("[data-testid=alert-banner].flashing")).to_have_count(2)
    page.wait_for_timeout(4_000)  # a poll or more later
    assert len(page.evaluate("window.notes")) == 1
