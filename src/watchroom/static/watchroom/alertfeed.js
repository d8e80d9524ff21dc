// The wall's critical alerts: polls the feed every few seconds, flashes an alert that is
// neither acknowledged nor marked seen, plays a short tone for a new one (unless the
// room's wall sound is off) and shows a desktop notification while the tab is hidden.
// Every word shown comes from the page (data-text-*), translated there.
(function () {
  "use strict";
  const SEEN_KEY = "watchroom.seenAlerts";

  function seenIds() {
    try { return new Set(JSON.parse(sessionStorage.getItem(SEEN_KEY) || "[]")); }
    catch (e) { return new Set(); }
  }
  function markSeen(id) {
    const seen = seenIds();
    seen.add(id);
    sessionStorage.setItem(SEEN_KEY, JSON.stringify(Array.from(seen).slice(-200)));
  }
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const holder = document.querySelector("[hx-headers]");
    try { return JSON.parse(holder.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  }

  // WebAudio needs a gesture before it may sound: the context is made on the first one.
  let audio = null;
  function unlockAudio() {
    if (!audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    if (audio && audio.state === "suspended") audio.resume();
  }
  document.addEventListener("pointerdown", unlockAudio, { capture: true });
  document.addEventListener("keydown", unlockAudio, { capture: true });

  function tone() {
    if (!audio && (window.AudioContext || window.webkitAudioContext)) {
      try { audio = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { return; }
    }
    if (!audio) return;
    const start = audio.currentTime + 0.01;
    [0, 0.3, 0.6].forEach(function (offset) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "square";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.22);
    });
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const text = root.dataset;
    const list = root.querySelector("[data-alert-banners]");
    const status = root.querySelector("[data-alert-status]");
    const notifyButton = root.querySelector("[data-alert-notify]");
    const interval = parseInt(root.dataset.interval, 10) || 3000;
    const known = new Set();
    let first = true;
    let shown = "";

    if ("Notification" in window && Notification.permission === "default") {
      notifyButton.hidden = false;
      notifyButton.addEventListener("click", function () {
        Notification.requestPermission().then(function () { notifyButton.hidden = true; });
      });
    }

    function notify(alert) {
      if (!("Notification" in window) || Notification.permission !== "granted") return;
      if (document.visibilityState !== "hidden") return;
      try {
        const note = new Notification(text.textTitle + " · " + alert.kind_label,
                                      { body: alert.message, tag: "watchroom-alert-" + alert.id });
        note.onclick = function () { window.focus(); note.close(); };
      } catch (e) { /* some browsers allow notifications only from a service worker */ }
    }

    function banner(alert, flashing) {
      const item = document.createElement("li");
      item.className = "alert-banner" + (flashing ? " flashing" : "");
      item.dataset.alert = alert.id;
      item.setAttribute("data-testid", "alert-banner");
      const what = document.createElement("a");
      what.href = alert.url;
      what.className = "alert-what";
      const kind = document.createElement("strong");
      kind.textContent = alert.kind_label;
      what.appendChild(kind);
      what.appendChild(document.createTextNode(" " + alert.message));
      item.appendChild(what);
      const when = document.createElement("small");
      let line = text.textSince + " " + alert.since;
      if (alert.acknowledged) line += " · " + text.textAcknowledged + " " + alert.acknowledged_by;
      when.textContent = line;
      item.appendChild(when);
      const buttons = document.createElement("span");
      buttons.className = "alert-buttons";
      if (alert.acknowledge_url) {
        const ack = document.createElement("button");
        ack.type = "button";
        ack.className = "button";
        ack.textContent = text.textAcknowledge;
        ack.setAttribute("data-testid", "alert-acknowledge");
        ack.addEventListener("click", function () {
          ack.disabled = true;
          fetch(alert.acknowledge_url, {
            method: "POST", credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
          }).then(function (response) {
            if (response.ok) { markSeen(alert.id); return; }
            return response.json().then(function (data) {
              status.textContent = data.rule + ": " + data.detail;
            });
          }).catch(function () { status.textContent = text.textFailed; })
            .then(function () { shown = ""; poll(); });
        });
        buttons.appendChild(ack);
      }
      if (flashing) {
        const seen = document.createElement("button");
        seen.type = "button";
        seen.className = "button secondary";
        seen.textContent = text.textSeen;
        seen.addEventListener("click", function () {
          markSeen(alert.id);
          shown = "";
          poll();
        });
        buttons.appendChild(seen);
      }
      item.appendChild(buttons);
      return item;
    }

    function show(data) {
      const seen = seenIds();
      root.dataset.sound = data.sound ? "on" : "off";
      first = false;
      // Rebuilt only when something changed, so a focused button keeps its focus.
      const signature = JSON.stringify(data.alerts.map(function (a) {
        return [a.id, a.acknowledged, a.acknowledged_by, a.acknowledge_url, seen.has(a.id)];
      }));
      if (signature === shown) return;
      shown = signature;
      let fresh = false;
      const items = data.alerts.map(function (alert) {
        const flashing = !alert.acknowledged && !seen.has(alert.id);
        if (flashing && !known.has(alert.id)) {
          fresh = true;
          notify(alert);
        }
        known.add(alert.id);
        return banner(alert, flashing);
      });
      list.replaceChildren.apply(list, items);
      root.classList.toggle("has-alerts", items.length > 0);
      if (fresh && data.sound) {
        root.dataset.tones = String(parseInt(root.dataset.tones, 10) + 1);
        tone();
      }
    }

    function poll() {
      fetch(root.dataset.feedUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) { status.textContent = ""; show(data); })
        .catch(function () { if (!first) status.textContent = text.textFailed; });
    }

    poll();
    setInterval(poll, interval);
  }

  function start() { document.querySelectorAll("[data-alert-feed]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
