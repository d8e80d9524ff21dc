// Floor plans: markers coloured by the cameras' states (the `watchroom:camera-states`
// event, detail {camera_id: {state, label, recording}}); a click or Enter on a marker
// dispatches `watchroom:open-camera` (detail {camera: id}), and where nobody handles it
// (preventDefault) the camera's page opens. In the editor (data-editable) markers are
// dragged, or moved with the arrow keys, and each place is saved; Delete takes a placed
// camera off the plan, back to the tray.
(function () {
  "use strict";
  if (window.watchroomFloorPlans) return;
  window.watchroomFloorPlans = true;

  const STATES = ["connecting", "live", "reconnecting", "offline", "unknown", "not_recorded"];
  const lastStates = {};

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const holder = document.querySelector("[hx-headers]");
    try { return JSON.parse(holder.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  }

  function colour(marker) {
    const status = lastStates[marker.dataset.camera];
    if (!status) return;
    STATES.forEach(function (s) { marker.classList.remove("state-" + s); });
    marker.classList.add("state-" + (STATES.includes(status.state) ? status.state : "unknown"));
    marker.classList.toggle("recording", !!status.recording);
    const name = marker.getAttribute("aria-label").split(" · ")[0];
    marker.setAttribute("aria-label", name + (status.label ? " · " + status.label : ""));
    marker.title = marker.getAttribute("aria-label");
  }

  document.addEventListener("watchroom:camera-states", function (event) {
    const states = event.detail || {};
    Object.keys(states).forEach(function (id) { lastStates[String(id)] = states[id]; });
    document.querySelectorAll("[data-floor-plan] .plan-marker").forEach(colour);
  });

  function openCamera(marker) {
    const event = new CustomEvent("watchroom:open-camera", {
      bubbles: true, cancelable: true, detail: { camera: parseInt(marker.dataset.camera, 10) },
    });
    if (marker.dispatchEvent(event) && marker.dataset.href) {
      window.location.assign(marker.dataset.href);
    }
  }

  function setupViewer(figure) {
    figure.addEventListener("click", function (event) {
      const marker = event.target.closest(".plan-marker");
      if (marker && figure.contains(marker)) openCamera(marker);
    });
    figure.querySelectorAll(".plan-marker").forEach(colour);
  }

  function setupEditor(figure) {
    const canvas = figure.querySelector("[data-plan-canvas]");
    const status = figure.querySelector("[data-plan-status]");
    const url = figure.dataset.placeUrl;
    let dragging = null;
    let timer = null;

    function place(marker, x, y) {
      x = Math.min(1, Math.max(0, x));
      y = Math.min(1, Math.max(0, y));
      if (marker.parentElement !== canvas) {
        canvas.appendChild(marker);
        marker.classList.remove("in-tray");
      }
      marker.dataset.x = x.toFixed(4);
      marker.dataset.y = y.toFixed(4);
      marker.style.left = (x * 100).toFixed(2) + "%";
      marker.style.top = (y * 100).toFixed(2) + "%";
    }

    function save(marker) {
      const body = new URLSearchParams({ camera: marker.dataset.camera, x: marker.dataset.x,
                                         y: marker.dataset.y });
      marker.dataset.saving = "1";
      return fetch(url, {
        method: "POST", credentials: "same-origin", body: body,
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      }).then(function (response) {
        return response.json().then(function (data) {
          delete marker.dataset.saving;
          if (!response.ok) throw new Error(data.rule + ": " + data.detail);
          marker.dataset.saved = data.x.toFixed(4) + "," + data.y.toFixed(4);
          status.textContent = figure.dataset.textSaved + " · " + marker.getAttribute("aria-label");
        });
      }).catch(function (error) {
        delete marker.dataset.saving;
        status.textContent = figure.dataset.textFailed + " · " + error.message;
      });
    }

    function unplace(marker) {
      const body = new URLSearchParams({ camera: marker.dataset.camera });
      return fetch(figure.dataset.unplaceUrl, {
        method: "POST", credentials: "same-origin", body: body,
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.rule + ": " + data.detail);
          ["x", "y", "saved"].forEach(function (key) { delete marker.dataset[key]; });
          marker.style.left = marker.style.top = "";
          marker.classList.add("in-tray");
          figure.querySelector("[data-plan-tray]").appendChild(marker);
          marker.focus();
          status.textContent = figure.dataset.textRemoved + " · " + marker.getAttribute("aria-label");
        });
      }).catch(function (error) {
        status.textContent = figure.dataset.textFailed + " · " + error.message;
      });
    }

    function fraction(event) {
      const box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height];
    }

    figure.addEventListener("pointerdown", function (event) {
      const marker = event.target.closest(".plan-marker");
      if (!marker || event.button !== 0) return;
      event.preventDefault();
      marker.focus();
      dragging = { marker: marker, moved: false };
      marker.setPointerCapture(event.pointerId);
      marker.classList.add("dragging");
    });
    figure.addEventListener("pointermove", function (event) {
      if (!dragging) return;
      dragging.moved = true;
      const at = fraction(event);
      place(dragging.marker, at[0], at[1]);
    });
    function drop(event) {
      if (!dragging) return;
      const marker = dragging.marker;
      marker.classList.remove("dragging");
      if (dragging.moved) {
        const at = fraction(event);
        place(marker, at[0], at[1]);
        save(marker);
      }
      dragging = null;
    }
    figure.addEventListener("pointerup", drop);
    figure.addEventListener("pointercancel", function () {
      if (dragging) dragging.marker.classList.remove("dragging");
      dragging = null;
    });

    figure.addEventListener("keydown", function (event) {
      const marker = event.target.closest(".plan-marker");
      if (!marker) return;
      if ((event.key === "Delete" || event.key === "Backspace") && marker.parentElement === canvas) {
        event.preventDefault();
        clearTimeout(timer);
        unplace(marker);
        return;
      }
      const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const step = steps[event.key];
      if (!step) return;
      event.preventDefault();
      const size = event.shiftKey ? 0.05 : 0.01;
      const x = marker.dataset.x ? parseFloat(marker.dataset.x) : 0.5;
      const y = marker.dataset.y ? parseFloat(marker.dataset.y) : 0.5;
      place(marker, x + step[0] * size, y + step[1] * size);
      marker.focus();
      clearTimeout(timer);
      timer = setTimeout(function () { save(marker); }, 400);
    });
  }

  function setup(figure) {
    if (figure.dataset.ready) return;
    figure.dataset.ready = "1";
    if (figure.hasAttribute("data-editable")) setupEditor(figure);
    else setupViewer(figure);
  }

  function scan(root) {
    if (root.matches && root.matches("[data-floor-plan]")) setup(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-floor-plan]").forEach(setup);
  }

  function start() {
    scan(document);
    // The wall may insert a plan later (a fragment fetched into its page).
    new MutationObserver(function (records) {
      records.forEach(function (record) { record.addedNodes.forEach(scan); });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
