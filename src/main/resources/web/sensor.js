// hiphike: the phone as the sensor. Reads DeviceMotionEvent (accelerationIncludingGravity in m/s², rotationRate in
// °/s, the W3C device axes), stamps each event with the phone's own clock (performance.timeOrigin + event.timeStamp,
// ms since 1970) and sends them over /ws/phone every 100 ms. The dashboard converts them to its axes and units.
//
// The sign of accelerationIncludingGravity. The W3C gives the device at rest screen up +9.8 m/s² on z (and worn top up
// +9.8 on y). iOS Safari gives the opposite: WebKit (Source/WebCore/platform/ios/WebCoreMotionManager.mm) passes
// CoreMotion's userAcceleration + gravity on, and CoreMotion's gravity points down (screen up, z = -1 g); its rotation
// rates have the W3C's sign. So the first events decide: worn top up (or lying screen up, before it is clipped on),
// the largest component of the acceleration is positive in the W3C's sign; when it is negative, all three are turned
// for every event. ?sign=w3c or ?sign=inverted in the address sets it instead.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const SEND_EVERY_MS = 100;
  const MAX_BACKLOG = 1000; // samples kept while the socket is away (5 s at 200 Hz); older ones are dropped
  const MAX_PER_MESSAGE = 200;
  const params = new URLSearchParams(location.search);
  const token = params.get("token");
  let ws = null, running = false, wakeLock = null, timer = null, retry = null;
  let pending = [], sent = 0, events = 0, rateCount = 0, rateSince = performance.now(), lastAccY = null;
  const SIGN_PROBE_EVENTS = 10; // events averaged to decide the sign (a sixth of a second at 60 Hz)
  const givenSign = params.get("sign");
  let accSign = givenSign === "w3c" ? 1 : givenSign === "inverted" ? -1 : null, probe = [];
  const log = (window.hiphikeSensor = { sent: 0, events: 0, status: null, errors: [], accSign: accSign });

  function setLink(state, text) {
    $("link-status").dataset.state = state;
    $("link-text").textContent = text;
  }
  function problem(text) {
    const p = $("problem");
    p.hidden = !text;
    p.textContent = text || "";
    if (text) log.errors.push(text);
  }

  function onMotion(e) {
    const a = e.accelerationIncludingGravity, r = e.rotationRate;
    if (!a || a.x == null || a.y == null || a.z == null) return;
    if (!r || r.alpha == null || r.beta == null || r.gamma == null) {
      problem("This phone reports no rotation rate (no gyroscope, or the browser hides it): hiphike needs both.");
      return;
    }
    events++; log.events = events; rateCount++;
    const t = performance.timeOrigin + e.timeStamp;
    const row = [Math.round(t * 1000) / 1000, a.x, a.y, a.z, r.alpha, r.beta, r.gamma];
    if (accSign === null) {
      probe.push(row);
      if (probe.length < SIGN_PROBE_EVENTS) return;
      accSign = decideSign(probe);
      const rows = probe; probe = [];
      for (const p of rows) queue(p);
      return;
    }
    queue(row);
  }

  /** +1 when the mean acceleration's largest component is positive (the W3C's sign), -1 when negative (iOS). */
  function decideSign(rows) {
    const m = [0, 0, 0];
    for (const r of rows) for (let k = 0; k < 3; k++) m[k] += r[k + 1] / rows.length;
    let k = 0;
    for (let i = 1; i < 3; i++) if (Math.abs(m[i]) > Math.abs(m[k])) k = i;
    return m[k] < 0 ? -1 : 1;
  }

  function queue(row) {
    if (accSign < 0) { row[1] = -row[1]; row[2] = -row[2]; row[3] = -row[3]; }
    log.accSign = accSign;
    $("sign").textContent = accSign < 0 ? "turned (this browser gives the opposite of the W3C's, as iOS Safari does)" : "as the W3C gives it";
    lastAccY = row[2];
    pending.push(row);
    if (pending.length > MAX_BACKLOG) pending.splice(0, pending.length - MAX_BACKLOG);
  }

  function flush() {
    const now = performance.now();
    if (now - rateSince >= 1000) {
      $("rate").textContent = Math.round(rateCount * 1000 / (now - rateSince)) + " Hz";
      rateCount = 0; rateSince = now;
      if (lastAccY != null) {
        const g = lastAccY / 9.80665;
        $("upright").textContent = g > 0.7 ? "up" : g < -0.7 ? "down: turn the phone top up" : "tilted: wear it upright";
      }
    }
    if (!ws || ws.readyState !== WebSocket.OPEN || pending.length === 0) return;
    while (pending.length) {
      const batch = pending.splice(0, MAX_PER_MESSAGE);
      ws.send(JSON.stringify({ type: "samples", s: batch }));
      sent += batch.length;
    }
    log.sent = sent;
    $("sent").textContent = sent;
  }

  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/phone" + (token ? "?token=" + encodeURIComponent(token) : "");
    setLink("connecting", "connecting…");
    ws = new WebSocket(url);
    ws.onopen = () => {
      setLink("streaming", "connected");
      ws.send(JSON.stringify({ type: "hello", device: (navigator.userAgent || "phone").slice(0, 80), mount: $("mount").value }));
    };
    ws.onmessage = (m) => {
      let d;
      try { d = JSON.parse(m.data); } catch (e) { return; }
      if (d.type === "status") {
        log.status = d;
        $("reps").textContent = d.reps;
        $("received").textContent = d.received;
        $("phase").textContent = d.playing ? d.phase.replace(/_/g, " ") : "another source is playing on the dashboard";
      } else if (d.type === "error") {
        problem("The dashboard refused the data: " + d.error);
      }
    };
    ws.onclose = (ev) => {
      ws = null;
      if (!running) { setLink("ended", "stopped"); return; }
      setLink("lost", ev.code === 1008 || ev.code === 1009 ? "refused" : "reconnecting…");
      if (ev.code === 1006 && sent === 0) problem("Cannot reach the dashboard: is the token in the address, and hiphike still running?");
      retry = setTimeout(connect, 2000);
    };
  }

  async function keepAwake() {
    if (!("wakeLock" in navigator)) { $("wake").textContent = "not supported: set the screen to stay on"; return; }
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      $("wake").textContent = "yes";
      wakeLock.addEventListener("release", () => { if (running) $("wake").textContent = "released"; });
    } catch (e) {
      $("wake").textContent = "refused (" + e.name + "): set the screen to stay on";
    }
  }
  document.addEventListener("visibilitychange", () => {
    if (running && document.visibilityState === "visible") keepAwake();
  });

  async function start() {
    problem(null);
    if (!window.isSecureContext) { problem("This page must be opened over https:// for the motion sensors."); return; }
    if (typeof DeviceMotionEvent === "undefined") { problem("This browser has no motion sensor events."); return; }
    // iOS asks the person, and only from a tap.
    if (typeof DeviceMotionEvent.requestPermission === "function") {
      try {
        const answer = await DeviceMotionEvent.requestPermission();
        if (answer !== "granted") { problem("Motion access was refused: allow it for this site in the browser's settings, then reload."); return; }
      } catch (e) { problem("Motion access could not be asked: " + e.message); return; }
    }
    running = true;
    $("start").disabled = true; $("stop").disabled = false; $("mount").disabled = true;
    window.addEventListener("devicemotion", onMotion);
    keepAwake();
    connect();
    timer = setInterval(flush, SEND_EVERY_MS);
    setTimeout(() => { if (running && events === 0) problem("No motion events arrive: this device may have no motion sensors, or the browser blocks them."); }, 3000);
  }

  function stop() {
    running = false;
    window.removeEventListener("devicemotion", onMotion);
    clearInterval(timer); clearTimeout(retry);
    flush();
    if (ws) ws.close(1000, "stopped on the phone");
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
    $("start").disabled = false; $("stop").disabled = true; $("mount").disabled = false;
    $("wake").textContent = "–";
  }

  // Opened over plain HTTP: motion events need the HTTPS address, the same host on the HTTPS port.
  if (!window.isSecureContext) {
    fetch("/api/phone", { credentials: "same-origin" }).then((r) => r.json()).then((p) => {
      if (!p.https_port) { problem("This page must be opened over https:// for the motion sensors, and HTTPS is off (--no-https)."); return; }
      const u = "https://" + location.hostname + ":" + p.https_port + "/sensor" + location.search;
      problem("This page must be opened over https:// for the motion sensors: " + u);
    }).catch(() => problem("This page must be opened over https:// for the motion sensors."));
  }
  $("start").addEventListener("click", start);
  $("stop").addEventListener("click", stop);
})();
