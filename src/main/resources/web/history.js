// hiphike dashboard, history view: saved sessions, one session's reps, notes, exports and delete,
// and trends per day or week. Everything through the JSON API (/api/sessions, /api/trends).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const FAULT_WORDS = { knee_bend: "knee bend", short_hold: "short hold", too_fast: "too fast", too_shallow: "too shallow" };
  const ORIGIN_WORDS = { live: "sensor", replay: "replay", simulated: "simulated", import: "imported" };
  const fmt = (v, d) => (v == null ? "–" : Number(v).toFixed(d));
  const token = new URLSearchParams(location.search).get("token");
  const tz = (Intl.DateTimeFormat().resolvedOptions().timeZone) || "";

  let available = false;
  let view = "live";
  let selectedId = null;
  let period = localStorage.getItem("hiphike.trendPeriod") === "day" ? "day" : "week";
  let refreshTimer = null;

  const charts = {
    reps: new window.TrendChart($("trend-reps"), { kind: "bars", unit: "", decimals: 0, minMax: 4 }),
    depth: new window.TrendChart($("trend-depth"), { unit: "°", decimals: 1, minMax: 4 }),
    hold: new window.TrendChart($("trend-hold"), { unit: " s", decimals: 1, minMax: 1 }),
    faults: new window.TrendChart($("trend-faults"), { unit: " %", decimals: 0, fixedMax: 100 }),
  };

  async function api(method, path, body) {
    const res = await fetch(path, { method, headers: body !== undefined ? { "Content-Type": "application/json" } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined, credentials: "same-origin" });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) { const e = new Error(data.error || res.statusText); e.status = res.status; throw e; }
    return data;
  }
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const localDate = (iso) => new Date(iso).toLocaleString([], { weekday: "short", day: "numeric", month: "short",
    year: "numeric", hour: "2-digit", minute: "2-digit" });
  // The recording's file name, without its folder (a stored source may be a path).
  const fileName = (src) => String(src || "").split(/[\\/]/).pop().replace(/^replay of /, "");
  const duration = (s) => { const m = Math.floor(s / 60), r = Math.round(s - 60 * m); return m + ":" + String(r).padStart(2, "0"); };
  function faultChips(counts, cell) {
    const entries = Object.entries(counts || {}).filter(([, n]) => n > 0);
    if (!entries.length) { cell.appendChild(el("span", "ok", "none")); return; }
    for (const [k, n] of entries) {
      const c = el("span", "chip", (FAULT_WORDS[k] || k) + " " + n);
      c.dataset.fault = k;
      cell.appendChild(c);
    }
  }
  function statusChip(status, failure) {
    const c = el("span", "status-chip", status);
    c.dataset.status = status;
    if (status === "recovered") c.title = "Cut off by a crash or power loss; measured again from its recording up to where it stopped";
    if (status === "recording") c.title = "Being recorded now";
    if (failure) c.title = (c.title ? c.title + ". " : "") + failure;
    return c;
  }

  // ---- views ----
  function show(v) {
    view = v === "history" && available ? "history" : "live";
    $("live-view").hidden = view !== "live";
    $("history-view").hidden = view !== "history";
    for (const b of document.querySelectorAll(".tabs button")) {
      if (b.dataset.view === view) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
    }
    const hash = view === "history" ? "#history" : "";
    if (location.hash !== hash) history.replaceState(null, "", location.pathname + location.search + hash);
    if (view === "history") { loadSessions(); loadTrends(); }
    else window.dispatchEvent(new Event("resize")); // the live chart redraws at its size
  }
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => show(b.dataset.view));
  $("controls-toggle").addEventListener("click", () => { if (view !== "live") show("live"); });
  window.addEventListener("hashchange", () => show(location.hash === "#history" ? "history" : "live"));

  // ---- sessions list ----
  async function loadSessions() {
    let list;
    try {
      list = await api("GET", "/api/sessions");
    } catch (e) {
      if (e.status === 404 || e.status === 401) { setAvailable(false); return; }
      $("sessions-msg").className = "msg error"; $("sessions-msg").textContent = e.message;
      return;
    }
    setAvailable(true);
    $("sessions-msg").textContent = "";
    const body = document.querySelector("#sessions-table tbody");
    body.innerHTML = "";
    for (const s of list) body.appendChild(sessionRow(s));
    $("sessions-empty").hidden = list.length > 0;
    $("sessions-count").textContent = list.length === 1 ? "1 session" : list.length + " sessions";
    if (selectedId != null && !list.some((s) => s.id === selectedId)) closeDetail();
    markSelected();
  }
  function sessionRow(s) {
    const tr = el("tr");
    tr.dataset.id = s.id;
    tr.dataset.status = s.status;
    tr.tabIndex = 0;
    tr.title = "Show session " + s.id + (s.notes ? ": " + s.notes : "");
    // A session still being recorded has its figures written when it ends: say so rather than show 0:00 and 0 / 0.
    const recording = s.status === "recording";
    const origin = (ORIGIN_WORDS[s.origin] || s.origin) + (s.origin === "replay" || s.origin === "import" ? " · " + fileName(s.source) : "");
    const cells = [
      [localDate(s.started_at), "date"], [recording ? "recording…" : duration(s.duration_s), "duration"], [origin, "origin"],
      [recording ? "–" : String(s.set_count), "sets"], [recording ? "live" : s.reps_left + " / " + s.reps_right, "reps"],
      [s.reps_left + s.reps_right ? fmt(s.mean_peak_drop_deg, 1) : "–", "depth"],
      [s.reps_left + s.reps_right ? fmt(s.mean_hold_s, 1) : "–", "hold"],
    ];
    for (const [text, cls] of cells) tr.appendChild(el("td", cls, text));
    showRowNote(tr, s.notes);
    const faults = el("td", "faults");
    faultChips(s.fault_counts, faults);
    tr.appendChild(faults);
    const st = el("td", "status");
    st.appendChild(statusChip(s.status));
    tr.appendChild(st);
    tr.addEventListener("click", () => select(s.id));
    tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(s.id); } });
    return tr;
  }
  // The notes under the date, cut to a line's worth (the whole text is in the session's detail and the row's title).
  const ROW_NOTE_CHARS = 60;
  function showRowNote(tr, notes) {
    const date = tr.querySelector("td.date");
    let n = date.querySelector(".row-note");
    const text = (notes || "").replace(/\s+/g, " ").trim();
    if (!text) { if (n) n.remove(); return; }
    if (!n) { n = el("span", "row-note"); date.appendChild(n); }
    n.textContent = text.length > ROW_NOTE_CHARS ? text.slice(0, ROW_NOTE_CHARS - 1).trimEnd() + "…" : text;
  }
  function markSelected() {
    for (const tr of document.querySelectorAll("#sessions-table tbody tr")) {
      tr.classList.toggle("selected", Number(tr.dataset.id) === selectedId);
      tr.setAttribute("aria-selected", String(Number(tr.dataset.id) === selectedId));
    }
  }
  function setAvailable(yes) {
    available = yes;
    $("tabs").hidden = !yes;
    $("tab-history").hidden = !yes;
    if (!yes && view === "history") show("live");
  }

  // ---- one session ----
  async function select(id) {
    selectedId = id;
    markSelected();
    let s;
    try {
      s = await api("GET", "/api/sessions/" + id);
    } catch (e) {
      $("sessions-msg").className = "msg error"; $("sessions-msg").textContent = e.message;
      return;
    }
    if (selectedId !== id) return;
    renderDetail(s);
    $("session-detail").hidden = false;
    const still = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
    $("session-detail").scrollIntoView({ behavior: still ? "auto" : "smooth", block: "nearest" });
  }
  function renderDetail(s) {
    const d = $("session-detail");
    const notes = $("notes");
    // Re-shown after a save event: keep notes being typed.
    const editing = Number(d.dataset.id) === s.id && notes.value !== notes.dataset.loaded;
    d.dataset.id = s.id;
    $("detail-title").textContent = "Session " + s.id + " · " + localDate(s.started_at);
    const facts = $("detail-facts");
    facts.innerHTML = "";
    const fact = (label, value, extra, wide) => {
      const f = el("div", wide ? "fact wide" : "fact");
      f.appendChild(el("span", "muted", label));
      const b = el("b", null, value);
      if (extra) b.appendChild(extra);
      f.appendChild(b);
      facts.appendChild(f);
    };
    const reps = s.reps_left + s.reps_right;
    fact("Reps left / right", s.reps_left + " / " + s.reps_right);
    fact("Sets", String(s.set_count));
    fact("Mean depth", reps ? fmt(s.mean_peak_drop_deg, 1) + "°" : "–");
    fact("Mean hold", reps ? fmt(s.mean_hold_s, 1) + " s" : "–");
    fact("Length", duration(s.duration_s));
    fact("Status", "", statusChip(s.status, s.failure));
    fact("Origin", ORIGIN_WORDS[s.origin] || s.origin);
    fact("Sensor", s.sensor + (s.rate_hz ? " · " + fmt(s.rate_hz, 0) + " Hz" : ""));
    if (s.source) fact("Source", s.source, null, true);
    if (s.failure) fact("While recording", s.failure, null, true);

    const ready = s.report != null;
    $("exports").hidden = !ready;
    $("exports-none").hidden = ready;
    for (const a of document.querySelectorAll("#exports a")) {
      const q = new URLSearchParams({ format: a.dataset.format });
      if (tz) q.set("tz", tz);
      if (token) q.set("token", token);
      a.href = "/api/sessions/" + s.id + "/report?" + q.toString();
      a.setAttribute("download", "hiphike-session-" + s.id + "." + a.dataset.format);
    }
    if (!editing) { notes.value = s.notes || ""; $("notes-msg").textContent = ""; }
    notes.dataset.loaded = s.notes || "";
    $("delete-confirm").hidden = true;
    $("delete-btn").hidden = false;
    $("delete-btn").disabled = s.status === "recording";
    $("delete-btn").title = s.status === "recording" ? "Stop the source first: the session is being recorded" : "";
    $("delete-msg").textContent = "";
    $("delete-question").textContent = "Delete session " + s.id + " and its recording?";

    const body = document.querySelector("#detail-reps tbody");
    body.innerHTML = "";
    const list = ready ? s.report.reps : [];
    for (const r of list) {
      const tr = el("tr");
      tr.dataset.index = r.index;
      for (const v of [r.index, r.set, r.side, fmt(r.peak_drop_deg, 1), fmt(r.hold_s, 1), fmt(r.lower_s, 1), fmt(r.raise_s, 1),
        fmt(r.knee_drop_cm, 1)]) tr.appendChild(el("td", null, String(v)));
      const f = el("td");
      if (r.faults.length) for (const k of r.faults) { const c = el("span", "chip", FAULT_WORDS[k] || k); c.dataset.fault = k; f.appendChild(c); }
      else f.appendChild(el("span", "ok", "good"));
      tr.appendChild(f);
      body.appendChild(tr);
    }
    $("detail-empty").hidden = list.length > 0;
    $("detail-empty").textContent = ready ? "No reps in this session." : "Reps appear here when the session ends.";
  }
  function closeDetail() {
    selectedId = null;
    $("session-detail").hidden = true;
    markSelected();
  }
  $("detail-close").addEventListener("click", closeDetail);

  $("notes-save").addEventListener("click", async () => {
    const id = selectedId, msg = $("notes-msg");
    if (id == null) return;
    msg.className = "msg"; msg.textContent = "Saving…";
    try {
      const line = await api("PUT", "/api/sessions/" + id + "/notes", { notes: $("notes").value });
      msg.textContent = "Saved.";
      if (selectedId === id) $("notes").dataset.loaded = line.notes;
      const tr = document.querySelector("#sessions-table tbody tr[data-id='" + id + "']");
      if (tr) { tr.title = "Show session " + id + (line.notes ? ": " + line.notes : ""); showRowNote(tr, line.notes); }
    } catch (e) { msg.className = "msg error"; msg.textContent = e.message; }
  });

  // Delete asks first, in the page: "Delete session N? Yes / No".
  $("delete-btn").addEventListener("click", () => {
    $("delete-confirm").hidden = false;
    $("delete-btn").hidden = true;
    $("delete-no").focus();
  });
  $("delete-no").addEventListener("click", () => {
    $("delete-confirm").hidden = true;
    $("delete-btn").hidden = false;
    $("delete-btn").focus();
  });
  $("delete-yes").addEventListener("click", async () => {
    const id = selectedId;
    if (id == null) return;
    try {
      await api("DELETE", "/api/sessions/" + id);
      closeDetail();
      $("sessions-msg").className = "msg"; $("sessions-msg").textContent = "Session " + id + " deleted.";
      await loadSessions();
      loadTrends();
    } catch (e) {
      $("delete-confirm").hidden = true;
      $("delete-btn").hidden = false;
      $("delete-msg").className = "msg error"; $("delete-msg").textContent = e.message;
    }
  });

  // ---- trends ----
  function parseDay(s) { const [y, m, d] = s.split("-").map(Number); return new Date(y, m - 1, d); }
  function dayString(d) {
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function renderPeriodButtons() {
    for (const b of document.querySelectorAll(".seg button[data-period]")) {
      b.classList.toggle("on", b.dataset.period === period);
      b.setAttribute("aria-pressed", String(b.dataset.period === period));
    }
  }
  async function loadTrends() {
    const q = new URLSearchParams({ period });
    if (tz) q.set("tz", tz);
    q.set("origins", $("include-replays").checked ? "live,import,replay,simulated" : "live,import");
    let t;
    try {
      t = await api("GET", "/api/trends?" + q.toString());
    } catch (e) {
      $("trends-range").textContent = e.message;
      return;
    }
    // One slot per day or week of the range, empty ones included, so the axis is time.
    const byStart = new Map(t.buckets.map((b) => [b.period_start, b]));
    const slots = [];
    const step = t.period === "week" ? 7 : 1;
    let d = parseDay(t.from);
    if (t.period === "week") d.setDate(d.getDate() - ((d.getDay() + 6) % 7)); // the Monday
    for (const end = parseDay(t.to); d <= end; d.setDate(d.getDate() + step)) slots.push(dayString(d));
    const labels = slots.map((s) => parseDay(s).toLocaleDateString([], { day: "numeric", month: "short" }));
    const pick = (side, f) => slots.map((s) => {
      const b = byStart.get(s), v = b && b.by_side[side];
      return v ? f(v) : null;
    });
    const series = (f) => [
      { name: "left", color: "--left", values: pick("left", f) },
      { name: "right", color: "--right", dash: true, values: pick("right", f) },
    ];
    charts.reps.set(labels, series((v) => v.rep_count));
    charts.depth.set(labels, series((v) => v.mean_peak_drop_deg));
    charts.hold.set(labels, series((v) => v.mean_hold_s));
    charts.faults.set(labels, series((v) => Math.round(1000 * v.fault_rate) / 10));
    const sessions = t.buckets.reduce((n, b) => n + b.session_count, 0);
    const reps = t.buckets.reduce((n, b) => n + b.all.rep_count, 0);
    $("trends-range").textContent = (t.period === "week" ? "per week, " : "per day, ")
      + parseDay(t.from).toLocaleDateString() + " – " + parseDay(t.to).toLocaleDateString() + " · " + sessions
      + (sessions === 1 ? " session, " : " sessions, ") + reps + " reps";
    $("trends-empty").hidden = t.buckets.length > 0;
    document.querySelector(".trends-card").dataset.reps = String(reps);
  }
  for (const b of document.querySelectorAll(".seg button[data-period]")) {
    b.addEventListener("click", () => {
      period = b.dataset.period;
      localStorage.setItem("hiphike.trendPeriod", period);
      renderPeriodButtons();
      loadTrends();
    });
  }
  $("include-replays").addEventListener("change", loadTrends);
  renderPeriodButtons();

  // ---- saved-session events from the live socket ----
  function sessionEvent(m) {
    if (m.status === "failed") {
      $("sessions-msg").className = "msg error";
      $("sessions-msg").textContent = "The session could not be saved" + (m.failure ? ": " + m.failure : ".");
    }
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      loadSessions();
      if (view === "history" && m.status !== "recording") loadTrends();
      if (selectedId === m.id) select(m.id);
    }, 250);
  }
  window.hiphikeHistory = { sessionEvent, show };

  // Is history available (a store)? Then show the tab, and the view if the address asks for it.
  api("GET", "/api/history").then((h) => {
    setAvailable(h.saved);
    if (h.saved) return location.hash === "#history" ? show("history") : loadSessions();
  }).catch(() => setAvailable(false));
})();
