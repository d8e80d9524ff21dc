/* Range playback: one clock across the whole entitled range of up to four cameras.
   Each camera's segments (fragmented MP4, each with its own init) are fetched from the
   playlist's addresses and appended to a Media Source Extensions buffer at their wall
   time (SourceBuffer in "sequence" mode, timestampOffset = the part's start - the range's
   start). Nothing but the playlist's parts is ever buffered, and the server refuses any
   address outside the entitlement. Words come from the page (player-config). */
(function () {
  "use strict";
  const root = document.getElementById("player");
  const configNode = document.getElementById("player-config");
  if (!root || !configNode) return;
  const config = JSON.parse(configNode.textContent);
  const S = config.strings;
  const zone = root.dataset.timeZone || undefined;
  const $ = (sel) => root.querySelector(sel);
  const scrubber = $("[data-testid=scrubber]");
  const clock = $("[data-testid=clock]");
  const playButton = $("[data-action=play]");
  const speedSelect = $("[data-testid=speed]");
  const jumpInput = $("[data-testid=jump]");
  const track = $("[data-testid=timeline] .player-track");
  const cursor = $("[data-testid=timeline] .player-cursor");
  const labels = $(".player-labels");
  const message = $("[data-testid=player-message]");
  const ZOOMS = [86400, 21600, 3600, 900, 300, 60];
  const GAP = 0.5;

  let R0 = 0, R1 = 0, frame = 0.04;
  const state = {t: 0, playing: false, rate: 1, zoom: 0, dragging: false};
  const tiles = [];
  let view = {from: 0, width: 1, built: false};
  let levels = [1];  // the timeline's widths in seconds: the whole range, then a day … a minute

  // --- the site's time, whatever zone the browser is set to ---------------------------
  const partsFormat = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
    minute: "2-digit", second: "2-digit", hourCycle: "h23"});
  function parts(epoch) {
    const out = {};
    for (const p of partsFormat.formatToParts(new Date(epoch * 1000))) out[p.type] = p.value;
    return out;
  }
  function localInput(epoch) {
    const o = parts(epoch);
    return `${o.year}-${o.month}-${o.day}T${o.hour}:${o.minute}:${o.second}`;
  }
  function localText(epoch, withDate) {
    const o = parts(epoch);
    const tenths = Math.floor((epoch * 10) % 10);
    const time = `${o.hour}:${o.minute}:${o.second}.${tenths}`;
    return withDate ? `${o.year}-${o.month}-${o.day} ${time}` : time;
  }
  function fromLocalInput(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text || "");
    if (!m) return null;
    const wanted = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)) / 1000;
    let guess = wanted;
    for (let k = 0; k < 3; k++) {
      const o = parts(guess);
      const shown = Date.UTC(+o.year, +o.month - 1, +o.day, +o.hour, +o.minute, +o.second) / 1000;
      guess += wanted - shown;
    }
    return guess;
  }

  // The last instant shown is inside the last picture, never the range's end itself.
  const lastT = () => Math.max(R0, R1 - Math.min(frame, 0.1) / 2);
  const clamp = (t) => Math.min(Math.max(t, R0), lastT());
  function say(text) { message.textContent = text || ""; message.hidden = !text; }

  // --- segments ----------------------------------------------------------------------
  function indexAt(segs, t) {  // the part holding t, or -1
    let lo = 0, hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid].end <= t) lo = mid + 1;
      else if (segs[mid].start > t) hi = mid - 1;
      else return mid;
    }
    return -1;
  }
  function nextAfter(segs, t) {
    let lo = 0, hi = segs.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (segs[mid].start <= t) lo = mid + 1; else hi = mid; }
    return lo < segs.length ? lo : -1;
  }
  function hasFootage(tile, t) {
    const i = indexAt(tile.segs, t);
    return i >= 0 && !tile.failed.has(i);
  }
  function needsCopy(codec) {
    if (!/^(hvc1|hev1)/.test(codec || "")) return false;
    return !(window.MediaSource && MediaSource.isTypeSupported(`video/mp4; codecs="${codec}"`));
  }
  function idle(sb) {
    if (!sb.updating) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => { sb.removeEventListener("error", fail); resolve(); };
      const fail = () => { sb.removeEventListener("updateend", done); reject(new Error("append")); };
      sb.addEventListener("updateend", done, {once: true});
      sb.addEventListener("error", fail, {once: true});
    });
  }
  async function evict(tile) {
    const sb = tile.sb, now = state.t - R0;
    if (!sb) return;
    const b = sb.buffered;
    for (let k = 0; k < b.length; k++) {
      const a = b.start(k), z = b.end(k);
      if (z < now - 90) { await idle(sb); sb.remove(a, z); await idle(sb); return evict(tile); }
      if (a > now + 600) { await idle(sb); sb.remove(a, z); await idle(sb); return evict(tile); }
    }
    for (const i of [...tile.loaded]) {
      const s = tile.segs[i];
      if (s.end - R0 < now - 90 || s.start - R0 > now + 600) tile.loaded.delete(i);
    }
  }
  function load(tile, i) {
    if (i < 0 || tile.loaded.has(i) || tile.loading.has(i) || tile.failed.has(i)) return;
    if ((tile.retryAt.get(i) || 0) > performance.now()) return;
    tile.loading.add(i);
    const part = tile.segs[i];
    const url = part.url + (tile.h264 ? "&copy=h264" : "");
    tile.queue = tile.queue.then(async () => {
      await tile.ready;
      const answer = await fetch(url, {credentials: "same-origin"});
      if (answer.status === 503) {
        // the H.264 viewing copy is being made: shown as such, asked again shortly
        const problem = await answer.json().catch(() => ({}));
        if (problem.state === "preparing") {
          const wait = Number(answer.headers.get("Retry-After")) || problem.retry_after || 3;
          tile.retryAt.set(i, performance.now() + wait * 1000);
          tile.state.textContent = S.preparing;
          tile.el.dataset.preparing = "1";
          return;
        }
      }
      if (!answer.ok) {
        tile.failed.add(i);
        tile.state.textContent = answer.status === 403 ? S.refused : S.failed;
        return;
      }
      const codec = answer.headers.get("X-Codec") || tile.cam.codec;
      const data = await answer.arrayBuffer();
      const mime = `video/mp4; codecs="${codec}"`;
      if (!tile.sb) {
        tile.sb = tile.ms.addSourceBuffer(mime);
        tile.sb.mode = "sequence";
        tile.mime = mime;
      } else if (mime !== tile.mime && tile.sb.changeType) {
        await idle(tile.sb);
        tile.sb.changeType(mime);
        tile.mime = mime;
      }
      tile.retryAt.delete(i);
      delete tile.el.dataset.preparing;
      if (answer.headers.get("X-Transcoded") === "1") tile.state.textContent = S.transcoded;
      await evict(tile);
      const sb = tile.sb;
      await idle(sb);
      const partStart = Number(answer.headers.get("X-Part-Start")) / 1000 || part.start;
      const partEnd = Number(answer.headers.get("X-Part-End")) / 1000 || part.end;
      const offset = Math.max(partStart, part.start) - R0;
      sb.abort();  // ends the previous part's media segment before the offset moves
      sb.appendWindowEnd = Infinity;
      sb.appendWindowStart = Math.max(0, offset - 0.0005);
      sb.appendWindowEnd = Math.min(R1 - R0, Math.min(partEnd, part.end) - R0 + 0.0005);
      sb.timestampOffset = offset;
      sb.appendBuffer(data);
      await idle(sb);
      tile.loaded.add(i);
    }).catch(() => {
      tile.failed.add(i);
      tile.state.textContent = S.failed;
    }).finally(() => tile.loading.delete(i));
  }
  function schedule(tile) {
    const t = state.t;
    let i = indexAt(tile.segs, t);
    if (i < 0) i = nextAfter(tile.segs, t);
    if (i < 0) return;
    load(tile, i);
    if (tile.segs[i].end - t < 30 || tile.loaded.has(i)) load(tile, i + 1 < tile.segs.length ? i + 1 : -1);
  }
  function buffered(video, m) {
    const b = video.buffered;
    for (let k = 0; k < b.length; k++) if (b.start(k) <= m + 0.001 && m < b.end(k) - 0.001) return true;
    return false;
  }

  // --- the clock ---------------------------------------------------------------------
  function nextFootage(t) {
    let best = null;
    for (const tile of tiles) {
      for (let i = nextAfter(tile.segs, t); i >= 0 && i < tile.segs.length; i++) {
        if (tile.failed.has(i)) continue;
        if (best === null || tile.segs[i].start < best) best = tile.segs[i].start;
        break;
      }
    }
    return best;
  }
  function master() {
    return tiles.find((tile) => hasFootage(tile, state.t)) || null;
  }
  function atPartEnd(tile) {
    const i = indexAt(tile.segs, state.t);
    return i >= 0 && tile.loaded.has(i) && !buffered(tile.video, state.t - R0);
  }
  function seek(t) {
    state.t = clamp(t);
    draw(true);
  }
  function setPlaying(playing) {
    state.playing = playing && state.t < lastT();
    playButton.textContent = state.playing ? S.pause : S.play;
    playButton.setAttribute("aria-pressed", state.playing ? "true" : "false");
    root.dataset.playing = state.playing ? "1" : "0";
  }
  function sync() {
    const m = state.t - R0;
    for (const tile of tiles) {
      const v = tile.video;
      schedule(tile);
      const has = hasFootage(tile, state.t);
      tile.el.classList.toggle("is-gap", !has);
      if (!has) { if (!v.paused) v.pause(); continue; }
      if (v.playbackRate !== state.rate) v.playbackRate = state.rate;
      const tolerance = state.playing ? 0.3 * Math.max(1, state.rate) : 0.0005;
      const pending = v.seeking && tile.expect !== null && Math.abs(tile.expect - m) <= tolerance
        && Math.abs(v.currentTime - tile.expect) <= 0.01;
      if (!pending && Math.abs(v.currentTime - m) > tolerance) {
        tile.expect = m;
        v.currentTime = m;
      }
      if (state.playing && v.paused && buffered(v, m)) v.play().catch(() => {});
      if (!state.playing && !v.paused) v.pause();
    }
  }
  let last = performance.now();
  function tick(now) {
    const wall = Math.min((now - last) / 1000, 0.5);
    last = now;
    if (state.playing) {
      const lead = master();
      if (!lead) {
        // no camera recorded here: on to the next recorded part, or on to the end
        const next = nextFootage(state.t);
        state.t = next === null ? state.t + wall * state.rate : Math.max(next, state.t);
      } else if (!lead.video.paused && !lead.video.seeking && lead.video.readyState >= 3) {
        state.t = R0 + lead.video.currentTime;
      } else if (atPartEnd(lead)) {
        state.t += wall * state.rate;  // past its last picture: on to the next part
      }
      if (state.t >= lastT()) { state.t = lastT(); setPlaying(false); }
      state.t = clamp(state.t);
    }
    sync();
    draw(false);
    requestAnimationFrame(tick);
  }

  // --- the timeline ------------------------------------------------------------------
  function spansOf(tile) {  // recorded runs, merged
    const runs = [];
    for (const s of tile.segs) {
      const prev = runs[runs.length - 1];
      if (prev && s.start - prev.end <= GAP) prev.end = Math.max(prev.end, s.end);
      else runs.push({start: s.start, end: s.end});
    }
    return runs;
  }
  function outsideOf(cam) {
    const out = [];
    let cursorT = R0;
    for (const s of cam.spans) {
      if (s.start > cursorT) out.push({start: cursorT, end: s.start});
      cursorT = Math.max(cursorT, s.end);
    }
    if (cursorT < R1) out.push({start: cursorT, end: R1});
    return out;
  }
  function bar(row, span, kind, title) {
    const a = Math.max(span.start, view.from), z = Math.min(span.end, view.from + view.width);
    if (z <= a) return;
    const el = document.createElement("span");
    el.className = `player-span is-${kind}`;
    el.style.left = `${(100 * (a - view.from)) / view.width}%`;
    el.style.width = `${Math.max((100 * (z - a)) / view.width, 0.2)}%`;
    el.title = title;
    row.appendChild(el);
  }
  function build() {
    const width = levels[state.zoom];
    const from = state.zoom === 0 ? R0 : Math.min(Math.max(state.t - width / 2, R0), R1 - width);
    view = {from, width, built: true};
    track.textContent = "";
    const outsideRange = [{start: view.from, end: R0}, {start: R1, end: view.from + view.width}];
    for (const tile of tiles) {
      const row = document.createElement("div");
      row.className = "player-row";
      row.dataset.camera = tile.cam.id;
      for (const s of outsideRange) bar(row, s, "outside", S.outside);
      for (const s of outsideOf(tile.cam)) bar(row, s, "outside", S.outside);
      for (const s of tile.cam.gaps) bar(row, s, "gap", S.gap);
      for (const s of tile.runs) bar(row, s, "recorded", S.recorded);
      for (const s of tile.cam.held) bar(row, s, "held", S.held);
      track.appendChild(row);
    }
    labels.textContent = "";
    for (const f of [0, 0.5, 1]) {
      const el = document.createElement("span");
      el.textContent = localText(view.from + f * view.width, f === 0).replace(/\.\d$/, "");
      labels.appendChild(el);
    }
  }
  function draw(force) {
    const outOfView = state.t < view.from + view.width * 0.05 || state.t > view.from + view.width * 0.95;
    if (force || !view.built || (outOfView && state.zoom > 0)) build();
    cursor.style.left = `${(100 * (state.t - view.from)) / view.width}%`;
    if (!state.dragging) scrubber.value = String(state.t);
    clock.textContent = localText(state.t, true);
    root.dataset.time = String(state.t);
  }

  // --- controls ----------------------------------------------------------------------
  function frameAt(t) {  // the picture duration of the part shown at t (each its own)
    for (const tile of tiles) {
      const i = indexAt(tile.segs, t);
      if (i >= 0 && tile.segs[i].frame) return tile.segs[i].frame;
    }
    return frame;
  }
  function step(frames) {
    setPlaying(false);
    // a step backwards takes the picture duration of the part it lands in
    const here = frameAt(frames < 0 ? state.t - 0.0005 : state.t);
    seek(state.t + frames * here);
  }
  playButton.addEventListener("click", () => {
    if (!state.playing && state.t >= lastT()) seek(R0);
    setPlaying(!state.playing);
  });
  $("[data-action=back-frame]").addEventListener("click", () => step(-1));
  $("[data-action=forward-frame]").addEventListener("click", () => step(1));
  speedSelect.addEventListener("change", () => { state.rate = Number(speedSelect.value) || 1; });
  scrubber.addEventListener("input", () => { state.dragging = true; seek(Number(scrubber.value)); });
  scrubber.addEventListener("change", () => { state.dragging = false; seek(Number(scrubber.value)); });
  jumpInput.addEventListener("change", () => {
    const t = fromLocalInput(jumpInput.value);
    if (t !== null) seek(t);
  });
  root.querySelectorAll("[data-zoom]").forEach((button) => button.addEventListener("click", () => {
    state.zoom = Math.min(Math.max(state.zoom + Number(button.dataset.zoom), 0), levels.length - 1);
    root.dataset.zoom = String(levels[state.zoom]);
    draw(true);
  }));
  track.addEventListener("click", (event) => {
    const box = track.getBoundingClientRect();
    seek(view.from + ((event.clientX - box.left) / box.width) * view.width);
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.matches && target.matches("input:not([type=range]), select, textarea")) return;
    const keys = {
      " ": () => playButton.click(),
      ",": () => { if (!state.playing) step(-1); },
      ".": () => { if (!state.playing) step(1); },
      ArrowLeft: () => seek(state.t - 10),
      ArrowRight: () => seek(state.t + 10),
    };
    const act = keys[event.key];
    if (!act) return;
    event.preventDefault();
    act();
  });

  // --- start -------------------------------------------------------------------------
  async function start() {
    say(S.loading);
    let plan;
    try {
      // a browser without H.265 asks the playlist with copy=h264: the server makes the
      // H.264 viewing copies of the next segments ahead
      const hevc = MediaSource.isTypeSupported('video/mp4; codecs="hvc1.1.6.L93.B0"');
      const address = config.playlist + (hevc ? "" : "&copy=h264");
      const answer = await fetch(address, {credentials: "same-origin"});
      if (!answer.ok) {
        const problem = await answer.json().catch(() => ({}));
        say(problem.detail || S.refused);
        return;
      }
      plan = await answer.json();
    } catch (error) {
      say(S.failed);
      return;
    }
    R0 = plan.start;
    R1 = plan.end;
    state.t = R0;
    scrubber.min = String(R0);
    scrubber.max = String(R1);
    scrubber.step = "any";
    jumpInput.min = localInput(R0);
    jumpInput.max = localInput(R1);
    jumpInput.value = localInput(R0);
    root.dataset.start = String(R0);
    root.dataset.end = String(R1);
    const copy = plan.cameras.find((cam) => cam.copy_url);
    if (copy) {
      const link = $("[data-testid=copy-link]");
      link.href = copy.copy_url;
      link.hidden = false;
    }
    frame = (plan.cameras[0] && plan.cameras[0].frame) || 0.04;
    levels = [Math.max(R1 - R0, 1), ...ZOOMS.filter((z) => z < R1 - R0)];
    root.dataset.zoom = String(levels[0]);
    for (const cam of plan.cameras) {
      const el = root.querySelector(`.player-tile[data-camera="${cam.id}"]`);
      if (!el) continue;
      const video = el.querySelector("video");
      const tile = {
        cam, el, video, segs: cam.segments, runs: [], loaded: new Set(), loading: new Set(),
        failed: new Set(), retryAt: new Map(), queue: Promise.resolve(), sb: null,
        mime: null, expect: null,
        h264: needsCopy(cam.codec), state: el.querySelector("[data-state]"),
      };
      tile.runs = spansOf(tile);
      if (tile.h264) tile.state.textContent = S.transcoded;
      tile.ms = new MediaSource();
      tile.ready = new Promise((resolve) => tile.ms.addEventListener("sourceopen", () => {
        tile.ms.duration = R1 - R0;
        resolve();
      }, {once: true}));
      video.src = URL.createObjectURL(tile.ms);
      video.addEventListener("seeking", () => {
        // A position set from outside the player (the element's own controls, a script)
        // moves the clock, inside the range only.
        const ours = tile.expect !== null && Math.abs(video.currentTime - tile.expect) <= 0.01;
        if (tile === tiles[0] && !ours) seek(R0 + video.currentTime);
      });
      video.addEventListener("seeked", () => { tile.expect = null; });
      tiles.push(tile);
    }
    const first = nextFootage(R0 - 1);
    if (first === null) say(S.no_footage);
    else { say(""); state.t = clamp(first); }
    setPlaying(true);
    draw(true);
    requestAnimationFrame(tick);
  }
  if (!window.MediaSource) { say(S.failed); return; }
  start();
})();
