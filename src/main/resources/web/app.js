// hiphike dashboard: state from /ws/live, controls through the JSON API. No build step.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const PHASE_WORDS = { waiting_for_level: "Waiting for level", not_exercise: "Not exercising", level: "Level",
    lowering: "Lowering", hold: "Hold", raising: "Raising" };
  const PHASE_CUES = { waiting_for_level: "Stand still on the step, pelvis level", not_exercise: "Get back on the step and stand still",
    level: "Let the hanging hip drop slowly", lowering: "Slowly down…", hold: "Hold…", raising: "Lift with the standing hip" };
  // While the sensor sends nothing the phase and its cue are stale: say what is wrong instead.
  const SOURCE_CUES = { lost: "Sensor lost: reconnect it (reps are kept)", silent: "No data: is the sensor on?" };
  const FAULT_WORDS = { knee_bend: "knee bend", short_hold: "short hold", too_fast: "too fast", too_shallow: "too shallow" };
  // Phases of a rep under way: the rest after a set gives way to them.
  const ACTIVE = { lowering: true, hold: true, raising: true };
  const REPLAY_KINDS = { sample: true, upload: true, file: true };
  // Cues that are never dropped: queued behind what is being said.
  const QUEUED_CUES = { set_done: true, rest_over: true, ended: true };
  const fmt = (v, d) => (v == null ? "–" : Number(v).toFixed(d));

  const chart = new window.DropChart($("chart"), 20);
  let prescription = null;
  let voiceOn = localStorage.getItem("hiphike.voice") !== "off";
  let audio = null;
  let lastSpokenAt = 0;
  let lastRepCueAt = null;
  // A cue from the server or the pipeline stays 2 s on the sensor's clock (as long in a fast replay as live),
  // then the state's cue comes back.
  let cueUntilS = -Infinity;
  let currentSource = null;
  let chosenSpeed = "1";
  let summarySet = 0; // the set the summary shows: it gives way when a later set starts

  // ---- far view: only the count, the hold timer and the cue, large (?view=far) ----
  let far = new URLSearchParams(location.search).get("view") === "far";
  function renderFar() {
    document.body.classList.toggle("far", far);
    const b = $("far-toggle");
    b.setAttribute("aria-pressed", String(far));
    b.textContent = far ? "Full view" : "Far view";
  }
  renderFar();
  $("far-toggle").addEventListener("click", () => {
    far = !far;
    const u = new URL(location.href);
    if (far) u.searchParams.set("view", "far"); else u.searchParams.delete("view");
    history.replaceState(history.state, "", u);
    renderFar();
  });

  // ---- first start notice ----
  if (!localStorage.getItem("hiphike.noticeSeen")) {
    $("notice").showModal();
  }
  $("notice").addEventListener("close", () => localStorage.setItem("hiphike.noticeSeen", "1"));

  // ---- voice and tone ----
  // Set when the browser cannot speak (no speech synthesis, no voice installed, an utterance failed): the button
  // says so instead of claiming "Voice on"; the tones still play.
  let voiceProblem = window.speechSynthesis ? null : "this browser cannot speak";
  function renderVoice() {
    const b = $("sound-toggle");
    b.textContent = !voiceOn ? "Voice off" : voiceProblem ? "Voice unavailable" : "Voice on";
    b.title = voiceOn && voiceProblem ? "No spoken cues: " + voiceProblem + " (tones still play)" : "Spoken cues and tones";
    b.classList.toggle("active", voiceOn && !voiceProblem);
    b.classList.toggle("warn", voiceOn && !!voiceProblem);
    b.setAttribute("aria-pressed", String(voiceOn));
  }
  function voiceFailed(why) {
    if (voiceProblem) return;
    voiceProblem = why;
    renderVoice();
    announce("Spoken cues are unavailable: " + why);
  }
  if (window.speechSynthesis) {
    // No voice installed: getVoices() stays empty after the voices have had time to load.
    setTimeout(() => {
      if (typeof speechSynthesis.getVoices === "function" && speechSynthesis.getVoices().length === 0) {
        voiceFailed("no speech voice is installed");
      }
    }, 3000);
  }
  function announce(text) { $("announce").textContent = text; }
  renderVoice();
  $("sound-toggle").addEventListener("click", () => {
    voiceOn = !voiceOn;
    localStorage.setItem("hiphike.voice", voiceOn ? "on" : "off");
    if (voiceOn) ensureAudio();
    else if (window.speechSynthesis) speechSynthesis.cancel();
    renderVoice();
  });
  function ensureAudio() {
    if (!audio && (window.AudioContext || window.webkitAudioContext)) audio = new (window.AudioContext || window.webkitAudioContext)();
    if (audio && audio.state === "suspended") audio.resume();
  }
  document.addEventListener("pointerdown", () => { if (voiceOn) ensureAudio(); }, { once: true });
  function tone() {
    if (!voiceOn || !audio || audio.state !== "running") return;
    const o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime;
    o.frequency.value = 880; o.type = "sine";
    g.gain.setValueAtTime(0.0001, t); g.gain.exponentialRampToValueAtTime(0.3, t + 0.01); g.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
    o.connect(g).connect(audio.destination); o.start(t); o.stop(t + 0.2);
  }
  // followUp: said after what is being said (queued behind it), never dropped: the correction that comes with a
  // rep number, the end of a set, the end of a rest, the end of the source.
  function speak(text, urgent, followUp) {
    if (!voiceOn || !window.speechSynthesis) return;
    const now = performance.now();
    // Cues never pile up: while one is being spoken, a new one only replaces it if it is a rep number.
    if (speechSynthesis.speaking && !urgent && !followUp) return;
    if (!urgent && !followUp && now - lastSpokenAt < 1200) return;
    if (urgent) speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.rate = 1.05;
    u.onerror = (e) => { if (e.error !== "interrupted" && e.error !== "canceled") voiceFailed("speaking failed (" + e.error + ")"); };
    speechSynthesis.speak(u);
    lastSpokenAt = now;
  }

  // ---- rendering ----
  function totalSets(p) { return p.sides === "both" ? 2 * p.sets : p.sets; }
  function renderPrescription(p) {
    prescription = p;
    $("rep-target").textContent = p.reps_per_set;
    chart.setBands(p.thresholds.level_deg, p.target_depth_deg);
    const f = $("prescription-form");
    for (const k of ["reps_per_set", "sets", "hold_target_s", "target_depth_deg"]) f.elements[k].value = p[k];
    f.elements.rest_s.value = p.rest_s == null ? "" : p.rest_s;
    f.elements.sides.value = p.sides || "";
    for (const k of ["short_hold_s", "too_fast_lower_s", "knee_drop_cm", "level_deg", "min_peak_deg"]) f.elements[k].value = p.thresholds[k];
  }

  function renderSource(src) {
    if (!src) return;
    currentSource = src;
    const el = $("sensor-status");
    el.dataset.state = src.state;
    const words = { streaming: "connected", connecting: "connecting…", lost: "sensor lost", silent: "sensor silent", ended: "stopped" };
    let text = words[src.state] || src.state;
    if (src.kind === "simulated" && src.state === "streaming") text = "simulated sensor";
    if (src.kind === "phone" && src.state === "streaming") text = "phone connected";
    if (src.kind === "phone" && src.state === "connecting") text = "waiting for the phone";
    if (src.kind === "sensor-logger" && src.state === "streaming") text = "Sensor Logger connected";
    if (src.kind === "sensor-logger" && src.state === "connecting") text = "waiting for Sensor Logger";
    if ((src.kind === "sample" || src.kind === "upload" || src.kind === "file") && src.state === "streaming") text = src.paused ? "replay paused" : "replaying";
    if (src.state === "ended" && src.detail) text = src.detail;
    $("sensor-text").textContent = text;
    $("sensor-text").title = src.detail || "";
    const stale = SOURCE_CUES[src.state];
    document.querySelector(".count-card").classList.toggle("stale", !!stale);
    // Ended: the last phase and hold are history, not what to do now.
    document.querySelector(".count-card").classList.toggle("ended", src.state === "ended");
    if (stale) $("cue").textContent = stale;
    else if (src.state === "ended") $("cue").textContent = endedCue(src);
    const bat = $("battery");
    if (src.battery_percent != null) { bat.hidden = false; bat.textContent = "battery " + src.battery_percent + "%"; } else bat.hidden = true;
    $("source-desc").textContent = src.description && src.description !== "none" ? src.description : "";
    if (src.speed != null) chosenSpeed = src.speed;
    for (const b of document.querySelectorAll(".seg button[data-speed]")) b.classList.toggle("on", b.dataset.speed === chosenSpeed);
    // A speed none of the buttons offers (replay --speed 3, the API): said beside them.
    const offered = Array.from(document.querySelectorAll(".seg button[data-speed]")).some((b) => b.dataset.speed === chosenSpeed);
    $("speed-now").hidden = src.speed == null || offered;
    $("speed-now").textContent = "now " + chosenSpeed + "×";
    $("pause-btn").disabled = src.speed == null;
    $("pause-btn").textContent = src.paused ? "Resume" : "Pause";
  }

  // What the cue says once the source has ended: no exercise instruction.
  function endedCue(src) {
    if (!src.kind || src.kind === "none") return "No source: choose one under ⚙ Controls";
    return (REPLAY_KINDS[src.kind] ? "Replay" : "Session") + (src.detail === "stopped" ? " stopped" : " ended");
  }
  // The cue for a state: the phase's, or the rest's or all sets done between sets.
  function stateCue(s) {
    const a = s.after_set;
    if (a && !ACTIVE[s.phase]) {
      if (a.all_sets_done) return "All sets done";
      if (a.rest_until_s != null && s.time_s < a.rest_until_s) {
        return a.switch_sides ? "Rest, then switch to the " + a.next_side + " side" : "Rest";
      }
    }
    return PHASE_CUES[s.phase] || "";
  }
  function setLabel(s) {
    if (!(s.set_index > 0)) return "Set –";
    if (!prescription) return "Set " + s.set_index;
    const total = totalSets(prescription);
    // Never "Set 4 of 3".
    return s.set_index > total ? "Extra set (" + s.set_index + ")" : "Set " + s.set_index + " of " + total;
  }
  function clock(seconds) {
    const t = Math.max(0, Math.ceil(seconds));
    return Math.floor(t / 60) + ":" + String(t % 60).padStart(2, "0");
  }
  // The rest countdown, the next set and side, or all sets done; gives way while a rep is under way.
  function renderAfterSet(s) {
    const a = s.after_set, el = $("after-set");
    const ended = s.source && s.source.state === "ended";
    const show = !!a && !ACTIVE[s.phase];
    el.hidden = !show;
    document.querySelector(".count-card").classList.toggle("resting", show);
    if (!show) return;
    $("after-title").textContent = "Set " + a.set + " done: " + a.reps + (a.reps === 1 ? " rep" : " reps") + (a.extra ? " (extra set)" : "");
    const label = $("rest-label"), time = $("rest-time"), next = $("next-line");
    if (a.all_sets_done) {
      el.dataset.state = "done";
      label.hidden = false;
      label.textContent = "All sets done";
      time.hidden = true;
      next.textContent = a.sets_done + " of " + a.sets_planned + (a.sets_planned === 1 ? " set" : " sets");
      return;
    }
    const resting = a.rest_until_s != null && !ended;
    const left = resting ? a.rest_until_s - s.time_s : 0;
    el.dataset.state = resting && left > 0 ? "rest" : "next";
    label.hidden = !resting;
    label.textContent = left > 0 ? "Rest" : "Rest over";
    time.hidden = !(resting && left > 0);
    time.textContent = clock(left);
    next.textContent = ended ? "" : a.switch_sides ? "Switch sides: " + a.next_side + " side next"
      : "Next: set " + a.next_set + (a.next_side ? ", " + a.next_side + " side" : "");
  }

  function renderState(s) {
    $("rep-count").textContent = s.set_rep_count;
    $("total-reps").textContent = s.rep_count;
    $("set-label").textContent = setLabel(s);
    $("side-label").textContent = s.side ? s.side + " side" : "side –";
    const ph = $("phase");
    ph.dataset.phase = s.phase;
    ph.textContent = PHASE_WORDS[s.phase] || s.phase;
    if (s.set_index > summarySet) hideSummary();
    renderAfterSet(s);
    if (!(s.time_s < cueUntilS)) $("cue").textContent = stateCue(s);
    const target = prescription ? prescription.hold_target_s : 2;
    const hold = s.phase === "hold" ? s.hold_s : 0;
    $("hold-text").textContent = fmt(hold, 1) + " / " + fmt(target, 1) + " s";
    const fill = $("hold-fill");
    fill.style.width = Math.min(100, target > 0 ? 100 * hold / target : 100) + "%";
    fill.classList.toggle("done", target > 0 && hold >= target);
    renderHoldRing(s.phase === "hold", hold, target);
    $("angle-now").textContent = fmt(s.drop_deg, 1) + "°";
    renderSource(s.source);
  }

  // ---- the hold ring: fills over the prescribed hold target while holding (large in the far view) ----
  function renderHoldRing(holding, holdS, targetS) {
    const ring = $("hold-ring");
    const share = targetS > 0 ? Math.min(1, holdS / targetS) : (holding ? 1 : 0);
    ring.dataset.state = !holding ? "idle" : share >= 1 ? "done" : "holding";
    $("hold-ring-fill").setAttribute("stroke-dasharray", (100 * share).toFixed(1) + " 100");
    $("hold-ring-text").textContent = fmt(holdS, 1);
  }

  function repRow(r, fresh) {
    const tr = document.createElement("tr");
    tr.dataset.index = r.index;
    const faults = r.faults.length ? r.faults.map((f) => '<span class="chip" data-fault="' + f + '">' + (FAULT_WORDS[f] || f) + "</span>").join("")
      : '<span class="ok">good</span>';
    tr.innerHTML = "<td>" + r.index + "</td><td>" + r.set + "</td><td>" + r.side + "</td><td>" + fmt(r.peak_drop_deg, 1)
      + "</td><td>" + fmt(r.hold_s, 1) + "</td><td>" + fmt(r.lower_s, 1) + "</td><td>" + fmt(r.raise_s, 1) + "</td><td>"
      + fmt(r.knee_drop_cm, 1) + "</td><td>" + faults + "</td>";
    if (fresh) tr.className = "new";
    return tr;
  }
  function addRep(r, fresh) {
    const body = document.querySelector("#rep-table tbody");
    body.insertBefore(repRow(r, fresh), body.firstChild);
    $("table-empty").hidden = true;
  }
  function clearReps() {
    document.querySelector("#rep-table tbody").innerHTML = "";
    $("table-empty").hidden = false;
  }

  function showCue(text, timeS) {
    $("cue").textContent = text.charAt(0).toUpperCase() + text.slice(1);
    cueUntilS = (Number.isFinite(timeS) ? timeS : 0) + 2;
  }

  // The end of a set, shown beside the live view (not over it) until the next set starts or it is closed.
  function showSummary(m) {
    const f = Object.entries(m.fault_counts).filter(([, n]) => n > 0).map(([k, n]) => (FAULT_WORDS[k] || k) + " " + n).join(", ");
    const reasons = { target_reached: "complete", pause: "ended", side_changed: "ended: side changed", new_set: "ended",
      source_ended: "ended" };
    $("summary-title").textContent = "Set " + m.set.index + " " + (reasons[m.reason] || "ended") + " · " + m.set.side + " side";
    $("summary-body").innerHTML = "<div><span class='muted'>Reps</span><b>" + m.set.rep_count + "</b></div>"
      + "<div><span class='muted'>Mean depth</span><b>" + fmt(m.mean_peak_drop_deg, 1) + "°</b></div>"
      + "<div><span class='muted'>Mean hold</span><b>" + fmt(m.mean_hold_s, 1) + " s</b></div>"
      + "<div><span class='muted'>Faults</span><b>" + (f || "none") + "</b></div>";
    const a = m.after;
    let next = "";
    if (a && a.all_sets_done) next = "All sets done";
    else if (a) {
      next = (a.switch_sides ? "Switch sides: " + a.next_side + " side next" : "Next: set " + a.next_set
        + (a.next_side ? ", " + a.next_side + " side" : "")) + (a.rest_s != null ? " · rest " + clock(a.rest_s) : "");
    }
    $("summary-next").textContent = next;
    summarySet = m.set.index;
    $("summary").hidden = false;
  }
  function hideSummary() { $("summary").hidden = true; }
  $("summary-close").addEventListener("click", hideSummary);

  // ---- live socket ----
  let socket = null, retryMs = 500;
  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/live";
    socket = new WebSocket(url);
    socket.onopen = () => { retryMs = 500; };
    socket.onmessage = (ev) => handle(JSON.parse(ev.data));
    socket.onclose = (ev) => {
      $("sensor-status").dataset.state = "lost";
      $("sensor-text").textContent = "dashboard disconnected" + (ev.reason ? " (" + ev.reason + ")" : "") + ", reconnecting…";
      setTimeout(connect, retryMs);
      retryMs = Math.min(5000, retryMs * 2);
    };
  }
  function handle(m) {
    // The guided setup reads the messages too (guide.js: the stand-still check, the source's state).
    if (window.hiphikeGuide) window.hiphikeGuide.message(m);
    switch (m.type) {
      case "hello":
        renderPrescription(m.prescription);
        clearReps(); chart.clear();
        for (const r of m.reps) addRep(r, false);
        chart.push(m.trace.t, m.trace.drop_deg);
        renderState(m.state);
        break;
      case "samples":
        chart.push(m.t, m.drop_deg);
        renderState(m.state);
        break;
      case "rep":
        addRep(m.rep, true);
        $("rep-count").textContent = m.set_rep_count;
        $("total-reps").textContent = m.rep.index;
        announce("Rep " + m.set_rep_count + (prescription ? " of " + prescription.reps_per_set : "") + ", " + m.rep.side + ", "
          + fmt(m.rep.peak_drop_deg, 0) + " degrees, hold " + fmt(m.rep.hold_s, 1) + " seconds"
          + (m.rep.faults.length ? ", " + m.rep.faults.map((f) => FAULT_WORDS[f] || f).join(", ") : ""));
        tone();
        break;
      case "cue":
        showCue(m.text, m.time_s);
        if (m.key !== "rep") announce(m.text);
        if (m.key === "rep") lastRepCueAt = m.time_s;
        speak(m.text, m.key === "rep", QUEUED_CUES[m.key] || (m.key !== "rep" && m.time_s === lastRepCueAt));
        break;
      case "set_started":
        $("rep-count").textContent = "0";
        if (m.set > summarySet) hideSummary();
        break;
      case "set_ended":
        // Said and announced by the set_done cue that follows.
        showSummary(m);
        break;
      case "source":
        renderSource(m.source);
        if (m.source.state === "lost") speak("sensor lost", true);
        break;
      case "level":
        showCue("Level: drop slowly", m.time_s);
        break;
      case "not_exercise":
        showCue("Not the exercise (" + m.reason + ")", m.time_s);
        break;
      case "prescription":
        renderPrescription(m.prescription);
        break;
      case "reset":
        clearReps(); chart.clear();
        cueUntilS = -Infinity;
        hideSummary(); summarySet = 0;
        break;
      case "session":
        // A session was saved (started or ended): the history shows it.
        if (window.hiphikeHistory) window.hiphikeHistory.sessionEvent(m);
        break;
    }
  }

  // ---- controls ----
  async function api(method, path, body) {
    const res = await fetch(path, { method, headers: body !== undefined ? { "Content-Type": "application/json" } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined, credentials: "same-origin" });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }
  let sourcesAsked = 0, wantedSource = null;
  async function loadSources(select) {
    if (select) wantedSource = select;
    // Only the newest answer fills the menu (an older one arriving late would undo the choice of an upload), and
    // what the user had chosen stays chosen when it is still offered.
    const ask = ++sourcesAsked;
    const s = await api("GET", "/api/sources");
    if (ask !== sourcesAsked) return;
    const sel = $("source-select");
    const chosen = sel.value;
    sel.innerHTML = "";
    const group = (label, entries) => {
      const g = document.createElement("optgroup"); g.label = label;
      for (const e of entries) { const o = document.createElement("option"); o.value = e.kind + ":" + e.id; o.textContent = e.name; g.appendChild(o); }
      if (!entries.length) { const o = document.createElement("option"); o.disabled = true; o.textContent = "none found"; g.appendChild(o); }
      sel.appendChild(g);
    };
    group("Sensors", s.sensors);
    const sim = document.createElement("optgroup"); sim.label = "Simulated";
    const so = document.createElement("option"); so.value = "simulated:"; so.textContent = "Simulated sensor doing reps"; sim.appendChild(so);
    sel.appendChild(sim);
    const ph = document.createElement("optgroup"); ph.label = "Phone";
    const po = document.createElement("option"); po.value = "phone:phone"; po.textContent = "Phone (open its /sensor page: QR code below)"; ph.appendChild(po);
    if (s.sensor_logger) {
      const sl = document.createElement("option"); sl.value = "sensor-logger:sensor-logger";
      sl.textContent = "Sensor Logger app (HTTP push: address below)"; ph.appendChild(sl);
    }
    sel.appendChild(ph);
    group("Samples", s.samples);
    group("Uploads", s.uploads);
    const offered = (v) => v && Array.from(sel.options).some((o) => o.value === v && !o.disabled);
    if (offered(wantedSource)) { sel.value = wantedSource; wantedSource = null; }
    else if (offered(chosen)) sel.value = chosen;
    else if (s.current && s.current.kind) sel.value = s.current.kind + ":" + (s.current.id || "");
  }
  $("controls-toggle").addEventListener("click", () => {
    const c = $("controls");
    c.hidden = !c.hidden;
    $("controls-toggle").setAttribute("aria-expanded", String(!c.hidden));
    if (!c.hidden) { loadSources().catch(() => {}); c.scrollIntoView({ behavior: "smooth" }); }
  });
  $("start-btn").addEventListener("click", async () => {
    const v = $("source-select").value;
    if (!v) return;
    const i = v.indexOf(":");
    try {
      await api("POST", "/api/source", { kind: v.slice(0, i), id: v.slice(i + 1) || null, speed: chosenSpeed });
    } catch (e) { $("upload-msg").textContent = e.message; $("upload-msg").className = "msg error"; }
  });
  $("stop-btn").addEventListener("click", () => api("POST", "/api/stop").catch(() => {}));
  $("new-set-btn").addEventListener("click", () => api("POST", "/api/new-set").catch(() => {}));
  $("relevel-btn").addEventListener("click", () => api("POST", "/api/relevel").catch(() => {}));
  for (const b of document.querySelectorAll(".seg button[data-speed]")) {
    b.addEventListener("click", () => {
      // The speed applies to the replay now playing, or to the next one started.
      chosenSpeed = b.dataset.speed;
      for (const o of document.querySelectorAll(".seg button[data-speed]")) o.classList.toggle("on", o === b);
      if (currentSource && currentSource.speed != null && currentSource.state !== "ended") {
        api("POST", "/api/replay", { speed: chosenSpeed }).catch(() => {});
      }
    });
  }
  $("pause-btn").addEventListener("click", () => api("POST", "/api/replay", { paused: !(currentSource && currentSource.paused) }).catch(() => {}));
  $("upload").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    const msg = $("upload-msg");
    msg.className = "msg"; msg.textContent = "Checking " + file.name + "…";
    try {
      const res = await fetch("/api/uploads?name=" + encodeURIComponent(file.name), { method: "POST", body: file,
        headers: { "Content-Type": "text/csv" }, credentials: "same-origin" });
      const data = await res.json();
      if (!res.ok) throw new Error(data.error || res.statusText);
      await loadSources("upload:" + data.id);
      msg.textContent = data.name + ": " + data.samples + " samples, " + data.duration_s + " s. Press Start to replay it.";
    } catch (e) { msg.className = "msg error"; msg.textContent = e.message; }
  });
  $("prescription-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements, n = (k) => Number(f[k].value);
    const msg = $("prescription-msg");
    try {
      await api("PUT", "/api/prescription", { reps_per_set: n("reps_per_set"), sets: n("sets"), hold_target_s: n("hold_target_s"),
        target_depth_deg: n("target_depth_deg"), rest_s: f.rest_s.value === "" ? null : n("rest_s"), sides: f.sides.value || null, thresholds: { level_deg: n("level_deg"), min_peak_deg: n("min_peak_deg"),
          hold_band_deg: prescription ? prescription.thresholds.hold_band_deg : 1.0, knee_drop_cm: n("knee_drop_cm"),
          short_hold_s: n("short_hold_s"), too_fast_lower_s: n("too_fast_lower_s") } });
      msg.className = "msg"; msg.textContent = "Saved. Targets apply now; thresholds from the next start or re-level.";
    } catch (e) { msg.className = "msg error"; msg.textContent = e.message; }
  });

  // ---- the phone as the sensor: its address over HTTPS as a QR code ----
  async function loadPhone() {
    const p = await api("GET", "/api/phone");
    $("phone-note").textContent = p.note || "";
    const link = $("phone-url");
    $("push-line").hidden = !(p.push_url && p.network);
    $("push-url").textContent = p.push_url || "";
    if (p.url) {
      link.textContent = p.url; link.href = p.url;
      $("phone-qr").src = "/api/phone/qr.svg?t=" + Date.now();
      $("phone-qr").hidden = false;
      $("phone-fingerprint").textContent = p.fingerprint ? "Certificate SHA-256: " + p.fingerprint : "";
    } else {
      link.textContent = ""; link.removeAttribute("href");
      $("phone-qr").hidden = true;
      $("phone-fingerprint").textContent = "";
    }
  }
  loadPhone().catch(() => {});

  connect();
})();
