// The video wall: tiles playing live fMP4 from the recorder's live server through Media
// Source Extensions, the camera tree, layouts, cycling pages, the cameras' states and the
// report key (R-INC-1). Every word shown comes from the page (wall-config's "words").
(function () {
  "use strict";
  const configNode = document.getElementById("wall-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  const words = config.words;
  const grid = document.querySelector("[data-wall-grid]");
  const planBox = document.querySelector("[data-wall-plan]");
  const statusLine = document.querySelector("[data-testid='wall-status']");
  const tileTemplate = document.getElementById("wall-tile");
  const cameras = config.cameras;  // id → {id, code, name, area, site, grid_stream}
  const csrf = (document.body.getAttribute("hx-headers") || "").match(/"X-CSRFToken": "([^"]+)"/);
  const csrfToken = csrf ? csrf[1] : "";

  const LIVE_EDGE_S = 1.0;   // play within this of the newest picture received
  const JUMP_BEHIND_S = 1.5; // further behind than this: jump forward
  const KEEP_S = 8;          // seconds of played video kept in the buffer
  const POLL_MS = 2000;
  const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];

  let layout = config.layout;        // {grid, pages, cycle_seconds}
  let pageIndex = 0;
  let selected = 0;                  // the selected tile's index on the page
  let cycleTimer = null;
  let states = {};                   // camera id → {state, label, recording}
  const players = new Map();         // tile index → LivePlayer
  let full = null;                   // {camera, player}

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", Boolean(isError));
  }

  function post(url, form) {
    return fetch(url, {method: "POST", body: form, credentials: "same-origin",
                       headers: {"X-CSRFToken": csrfToken}});
  }

  // --- one live stream into one video element ------------------------------------------
  class LivePlayer {
    constructor(video, camera, stream) {
      this.video = video;
      this.camera = camera;
      this.stream = stream;
      this.codec = "";
      this.stopped = false;
      this.failures = 0;
      this.abort = null;
      this.timer = null;
      video.addEventListener("contextmenu", (e) => e.preventDefault());
    }

    start() { this.run(); return this; }

    stop() {
      this.stopped = true;
      clearTimeout(this.timer);
      if (this.abort) this.abort.abort();
      this.detach();
    }

    detach() {
      if (this.objectUrl) {
        this.video.removeAttribute("src");
        this.video.load();
        URL.revokeObjectURL(this.objectUrl);
        this.objectUrl = null;
      }
    }

    retry() {
      if (this.stopped) return;
      const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
      this.failures += 1;
      this.timer = setTimeout(() => this.run(), wait);
    }

    async run() {
      if (this.stopped) return;
      if (!window.MediaSource) { say(words.unsupported, true); return; }
      this.abort = new AbortController();
      try {
        const form = new FormData();
        form.append("camera", this.camera);
        form.append("stream", this.stream);
        form.append("codec", this.codec);
        const opened = await post(config.urls.open, form);
        const answer = await opened.json();
        if (!opened.ok) {
          if (opened.status === 403 || opened.status === 400) {
            say(words.refused + ": " + (answer.detail || ""), true);
            return;  // not allowed: asking again will not change that
          }
          throw new Error(answer.detail || opened.status);
        }
        const response = await fetch(answer.url, {signal: this.abort.signal, cache: "no-store"});
        if (!response.ok || !response.body) throw new Error("live " + response.status);
        const codec = response.headers.get("X-Codec") || "avc1.64001f";
        const mime = 'video/mp4; codecs="' + codec + '"';
        if (!MediaSource.isTypeSupported(mime)) {
          this.abort.abort();
          if (/^(hev1|hvc1)/.test(codec) && this.codec !== "h264") {
            this.codec = "h264";  // a viewing copy in H.264 (the original stays as it is)
            return this.run();
          }
          throw new Error("unsupported " + codec);
        }
        await this.play(response.body.getReader(), mime);
      } catch (error) {
        if (this.stopped) return;
      }
      this.detach();
      this.retry();
    }

    play(reader, mime) {
      return new Promise((resolve) => {
        const media = new MediaSource();
        this.objectUrl = URL.createObjectURL(media);
        this.video.src = this.objectUrl;
        const queue = [];
        let buffer = null;
        let ended = false;
        const finish = () => { if (!ended) { ended = true; resolve(); } };
        const feed = () => {
          if (!buffer || buffer.updating || this.stopped || media.readyState !== "open") return;
          const played = this.video.currentTime;
          if (buffer.buffered.length && played - buffer.buffered.start(0) > KEEP_S * 2) {
            buffer.remove(buffer.buffered.start(0), played - KEEP_S);  // trim what was seen
            return;
          }
          if (!queue.length) return;
          const size = queue.reduce((n, c) => n + c.byteLength, 0);
          const joined = new Uint8Array(size);
          let at = 0;
          for (const chunk of queue) { joined.set(chunk, at); at += chunk.byteLength; }
          queue.length = 0;
          try {
            buffer.appendBuffer(joined);
          } catch (error) {
            reader.cancel().catch(() => {});
            finish();
          }
        };
        const keepUp = () => {
          const ranges = this.video.buffered;
          if (!ranges.length) return;
          const edge = ranges.end(ranges.length - 1);
          if (edge - this.video.currentTime > JUMP_BEHIND_S ||
              this.video.currentTime < ranges.start(ranges.length - 1)) {
            this.video.currentTime = Math.max(ranges.start(ranges.length - 1), edge - LIVE_EDGE_S / 3);
          }
          if (this.video.paused) this.video.play().catch(() => {});
        };
        media.addEventListener("sourceopen", () => {
          buffer = media.addSourceBuffer(mime);
          buffer.mode = "segments";
          buffer.addEventListener("updateend", () => { keepUp(); feed(); });
          buffer.addEventListener("error", finish);
          const pump = () => reader.read().then(({done, value}) => {
            if (done || this.stopped) { finish(); return; }
            this.failures = 0;
            queue.push(value);
            feed();
            pump();
          }, finish);
          pump();
        }, {once: true});
        this.video.addEventListener("error", finish, {once: true});
      });
    }
  }

  // --- tiles ---------------------------------------------------------------------------
  function side() { return Math.round(Math.sqrt(layout.grid)); }
  function page() { return layout.pages[pageIndex]; }

  function caption(box, camera) {
    const card = cameras[camera];
    box.querySelector(".tile-name").textContent = card ? card.code + " " + card.name : "";
    box.querySelector(".tile-area").textContent = card ? card.area : "";
    box.dataset.camera = camera || "";
    showState(box, camera);
  }

  function showState(box, camera) {
    const state = states[camera];
    const badge = box.querySelector("[data-state]");
    const rec = box.querySelector("[data-recording]");
    box.classList.remove("state-live", "state-connecting", "state-reconnecting",
                         "state-offline", "state-unknown", "state-not_recorded");
    if (!camera || !state) {
      badge.textContent = camera ? words.connecting : "";
      badge.className = "tile-state badge";
      rec.textContent = "";
      box.removeAttribute("data-state-name");
      return;
    }
    box.classList.add("state-" + state.state);
    box.dataset.stateName = state.state;
    badge.textContent = state.label;
    badge.className = "tile-state badge state-" + state.state;
    rec.textContent = state.recording ? "● " + words.recording : words.notRecording;
    rec.classList.toggle("on", Boolean(state.recording));
  }

  function stopTiles() {
    for (const player of players.values()) player.stop();
    players.clear();
  }

  function render() {
    stopTiles();
    grid.style.setProperty("--side", side());
    grid.replaceChildren();
    page().forEach((camera, index) => {
      const tile = tileTemplate.content.firstElementChild.cloneNode(true);
      tile.dataset.index = index;
      tile.dataset.testid = "tile-" + index;
      tile.setAttribute("data-testid", "tile-" + index);
      tile.setAttribute("aria-pressed", index === selected ? "true" : "false");
      tile.classList.toggle("empty", !camera);
      caption(tile, camera);
      if (camera && cameras[camera]) {
        players.set(index, new LivePlayer(tile.querySelector("video"), camera,
                                          cameras[camera].grid_stream).start());
      }
      grid.appendChild(tile);
    });
    document.querySelectorAll("[data-grid]").forEach((b) =>
      b.setAttribute("aria-pressed", String(Number(b.dataset.grid) === layout.grid)));
    document.querySelector("[data-testid='wall-page']").textContent =
      (pageIndex + 1) + "/" + layout.pages.length;
    document.querySelector("[data-cycle]").value = layout.cycle_seconds || 0;
    pollStates();
  }

  function tileAt(index) { return grid.querySelector('[data-index="' + index + '"]'); }

  function select(index, focus) {
    selected = Math.max(0, Math.min(layout.grid - 1, index));
    grid.querySelectorAll("[data-tile]").forEach((t) =>
      t.setAttribute("aria-pressed", String(Number(t.dataset.index) === selected)));
    if (focus) tileAt(selected).focus();
  }

  function place(index, camera) {
    page()[index] = camera ? Number(camera) : null;
    const tile = tileAt(index);
    if (players.has(index)) { players.get(index).stop(); players.delete(index); }
    tile.classList.toggle("empty", !camera);
    caption(tile, camera ? Number(camera) : null);
    if (camera && cameras[camera]) {
      players.set(index, new LivePlayer(tile.querySelector("video"), Number(camera),
                                        cameras[camera].grid_stream).start());
    }
    pollStates();
  }

  function setGrid(size) {
    layout.grid = size;
    layout.pages = layout.pages.map((p) => {
      const next = p.slice(0, size);
      while (next.length < size) next.push(null);
      return next;
    });
    selected = Math.min(selected, size - 1);
    render();
  }

  function turnPage(step) {
    pageIndex = (pageIndex + step + layout.pages.length) % layout.pages.length;
    render();
  }

  function restartCycle() {
    clearInterval(cycleTimer);
    cycleTimer = null;
    if (layout.cycle_seconds > 0 && layout.pages.length > 1) {
      cycleTimer = setInterval(() => { if (!full) turnPage(1); }, layout.cycle_seconds * 1000);
    }
  }

  // --- full screen on the main stream --------------------------------------------------
  const fullBox = document.querySelector("[data-full]");

  function openFull(camera) {
    if (!camera || !cameras[camera]) return;
    closeFull();
    fullBox.hidden = false;
    caption(fullBox, Number(camera));
    full = {camera: Number(camera),
            player: new LivePlayer(fullBox.querySelector("video"), Number(camera), "main").start()};
    if (fullBox.requestFullscreen) fullBox.requestFullscreen().catch(() => {});
  }

  function closeFull() {
    if (!full) return;
    full.player.stop();
    full = null;
    fullBox.hidden = true;
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  }

  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement && full) closeFull();
  });
  fullBox.querySelector("[data-full-close]").addEventListener("click", closeFull);
  // A floor plan's marker asks for its camera: the wall opens it here (and says so, so
  // that the plan does not go to the camera's page instead).
  document.addEventListener("watchroom:open-camera", (event) => {
    const camera = event.detail && event.detail.camera;
    if (!camera || !cameras[camera]) return;
    event.preventDefault();
    openFull(camera);
  });

  // --- states, polled ------------------------------------------------------------------
  let polling = null;
  function watchedIds() {
    const ids = new Set(page().filter(Boolean));
    if (full) ids.add(full.camera);
    Object.keys(cameras).forEach((id) => ids.add(Number(id)));
    return Array.from(ids).slice(0, 64);
  }

  async function pollStates() {
    if (polling) return polling;
    polling = (async () => {
      try {
        const ids = watchedIds();
        if (!ids.length) return;
        const response = await fetch(config.urls.states + "?cameras=" + ids.join(","),
                                     {credentials: "same-origin", cache: "no-store"});
        if (!response.ok) return;
        states = (await response.json()).cameras;
        grid.querySelectorAll("[data-tile]").forEach((t) => showState(t, Number(t.dataset.camera) || null));
        if (full) showState(fullBox, full.camera);
        document.querySelectorAll(".tree-camera").forEach((item) => {
          const s = states[item.dataset.camera];
          item.className = "tree-camera" + (s ? " state-" + s.state : "");
          if (s) item.title = s.label + (s.detail ? " · " + s.detail : "");
        });
        const detail = {};
        for (const [id, s] of Object.entries(states)) {
          detail[id] = {state: s.state, label: s.label, recording: s.recording};
        }
        document.dispatchEvent(new CustomEvent("watchroom:camera-states", {detail: detail}));
      } catch (error) {
        // the next poll tries again
      } finally {
        polling = null;
      }
    })();
    return polling;
  }
  setInterval(pollStates, POLL_MS);

  // --- clocks in the site's zone, set by the server's time -----------------------------
  const skew = Date.parse(config.serverTime) - Date.now();
  const clockFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    timeZone: config.zone, hour12: false, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit"});
  function tick() {
    const text = clockFormat.format(new Date(Date.now() + skew));
    document.querySelectorAll(".tile-clock").forEach((c) => { c.textContent = text; });
  }
  setInterval(tick, 1000);

  // --- the tree: drag onto a tile, or Enter on a camera for the selected tile ---------
  document.querySelectorAll(".tree-camera").forEach((item) => {
    item.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData("text/plain", item.dataset.camera);
      event.dataTransfer.effectAllowed = "copy";
    });
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        place(selected, item.dataset.camera);
        select((selected + 1) % layout.grid, false);
      }
    });
    item.addEventListener("dblclick", () => openFull(item.dataset.camera));
  });
  grid.addEventListener("dragover", (event) => {
    const tile = event.target.closest("[data-tile]");
    if (!tile) return;
    event.preventDefault();
    grid.querySelectorAll(".drop").forEach((t) => t.classList.remove("drop"));
    tile.classList.add("drop");
  });
  grid.addEventListener("dragleave", (event) => {
    const tile = event.target.closest("[data-tile]");
    if (tile) tile.classList.remove("drop");
  });
  grid.addEventListener("drop", (event) => {
    const tile = event.target.closest("[data-tile]");
    if (!tile) return;
    event.preventDefault();
    tile.classList.remove("drop");
    const camera = event.dataTransfer.getData("text/plain");
    if (cameras[camera]) {
      place(Number(tile.dataset.index), camera);
      select(Number(tile.dataset.index), false);
    }
  });
  grid.addEventListener("click", (event) => {
    const tile = event.target.closest("[data-tile]");
    if (tile) select(Number(tile.dataset.index), false);
  });
  grid.addEventListener("dblclick", (event) => {
    const tile = event.target.closest("[data-tile]");
    if (tile && tile.dataset.camera) openFull(tile.dataset.camera);
  });
  grid.addEventListener("contextmenu", (event) => event.preventDefault());
  grid.addEventListener("keydown", (event) => {
    const tile = event.target.closest("[data-tile]");
    if (!tile) return;
    const index = Number(tile.dataset.index);
    const moves = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -side(), ArrowDown: side()};
    if (event.key in moves) {
      event.preventDefault();
      select(index + moves[event.key], true);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      place(index, null);
    } else if (event.key === "Enter" || event.key === "f" || event.key === "F") {
      event.preventDefault();
      openFull(tile.dataset.camera);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && full) closeFull();
  });

  // --- toolbar: grid, pages, cycling, saving -------------------------------------------
  document.querySelectorAll("[data-grid]").forEach((b) =>
    b.addEventListener("click", () => setGrid(Number(b.dataset.grid))));
  document.querySelectorAll("[data-page]").forEach((b) =>
    b.addEventListener("click", () => turnPage(Number(b.dataset.page))));
  document.querySelector("[data-page-add]").addEventListener("click", () => {
    layout.pages.push(new Array(layout.grid).fill(null));
    pageIndex = layout.pages.length - 1;
    render();
    restartCycle();
  });
  document.querySelector("[data-page-remove]").addEventListener("click", () => {
    if (layout.pages.length < 2) return;
    layout.pages.splice(pageIndex, 1);
    pageIndex = Math.min(pageIndex, layout.pages.length - 1);
    render();
    restartCycle();
  });
  document.querySelector("[data-cycle]").addEventListener("change", (event) => {
    layout.cycle_seconds = Math.max(0, Math.floor(Number(event.target.value) || 0));
    restartCycle();
  });
  document.querySelectorAll("[data-save]").forEach((button) =>
    button.addEventListener("click", async () => {
      const form = new FormData();
      form.append("grid", layout.grid);
      form.append("pages", JSON.stringify(layout.pages));
      form.append("cycle_seconds", layout.cycle_seconds || 0);
      if (button.dataset.save === "room") form.append("room", "on");
      const response = await post(config.urls.layout, form);
      const answer = await response.json();
      if (response.ok) {
        say(button.dataset.save === "room" ? words.roomSaved : words.saved);
      } else {
        say(answer.rule + ": " + answer.detail + (answer.fields ? " " +
            Object.values(answer.fields).flat().join(" ") : ""), true);
      }
    }));

  // --- plan mode: an area's floor plan in place of the tiles ---------------------------
  const mode = document.querySelector("[data-mode]");
  if (mode) {
    mode.addEventListener("change", async () => {
      if (!mode.value) {
        planBox.hidden = true;
        planBox.replaceChildren();
        grid.hidden = false;
        return;
      }
      const response = await fetch(mode.value, {credentials: "same-origin"});
      if (!response.ok) return;
      planBox.innerHTML = await response.text();
      planBox.hidden = false;
      grid.hidden = true;
      pollStates();
    });
  }

  // --- report what I see (R-INC-1) -----------------------------------------------------
  const dialog = document.querySelector("[data-report-dialog]");
  const reportButton = document.querySelector("[data-report]");
  let report = null;  // {camera, blob, at}

  function grabPicture(video) {
    return new Promise((resolve) => {
      if (!video || !video.videoWidth) { resolve(null); return; }
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      canvas.toBlob((blob) => resolve(blob && {blob: blob, preview: canvas.toDataURL("image/jpeg", 0.6)}),
                    "image/jpeg", 0.9);
    });
  }

  if (dialog && reportButton) {
    const form = dialog.querySelector("[data-report-form]");
    const error = dialog.querySelector("[data-report-error]");
    reportButton.addEventListener("click", async () => {
      const camera = full ? full.camera : page()[selected];
      const video = full ? fullBox.querySelector("video") : (tileAt(selected) || grid).querySelector("video");
      if (!camera) { say(words.noCamera, true); return; }
      const at = new Date(Date.now() + skew);
      const picture = await grabPicture(video);
      if (!picture) { say(words.noCamera, true); return; }
      report = {camera: camera, blob: picture.blob, at: at};
      const card = cameras[camera];
      const when = clockFormat.format(at);
      dialog.querySelector("[data-report-picture]").src = picture.preview;
      dialog.querySelector("[data-report-where]").textContent = card.code + " · " + card.area + " · " + when;
      form.elements.seen.value = words.seenAt.replace("%(camera)s", card.code + " " + card.name)
        .replace("%(area)s", card.area).replace("%(time)s", when);
      form.elements.done.value = "";
      form.elements.told.value = "";
      error.textContent = "";
      dialog.showModal();
      form.elements.seen.focus();
      form.elements.seen.setSelectionRange(form.elements.seen.value.length, form.elements.seen.value.length);
    });
    dialog.querySelector("[data-report-cancel]").addEventListener("click", () => dialog.close());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!report) return;
      const body = new FormData();
      body.append("camera", report.camera);
      body.append("seen", form.elements.seen.value);
      body.append("done", form.elements.done.value);
      body.append("told", form.elements.told.value);
      body.append("at", report.at.toISOString());
      body.append("picture", report.blob, "report.jpg");
      const response = await post(config.urls.report, body);
      const answer = await response.json();
      if (!response.ok) {
        error.textContent = answer.rule + ": " + answer.detail + (answer.fields ? " " +
          Object.values(answer.fields).flat().join(" ") : "");
        return;
      }
      dialog.close();
      report = null;
      say(words.reported);
    });
  }

  // --- start ---------------------------------------------------------------------------
  if (!layout.pages.length) layout.pages = [new Array(layout.grid).fill(null)];
  render();
  tick();
  restartCycle();
  window.addEventListener("pagehide", () => { stopTiles(); closeFull(); });
})();
