// hiphike dashboard: the guided setup (where the clip goes, the stand-still check, the exercise shown).
// Shown on the first start (after the safety notice), again from the Guide button; remembered in localStorage.
// app.js hands it every /ws/live message (window.hiphikeGuide.message); it only reads them.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const DONE_KEY = "hiphike.guideDone";
  const STEPS = ["clip", "still", "exercise"];
  let step = 0;
  let check = null;      // the latest "setup" message
  let passed = null;     // the check that passed, kept while the same source streams
  let sourceState = "ended";

  function open(at) {
    step = at || 0;
    $("guide").hidden = false;
    $("guide-toggle").setAttribute("aria-expanded", "true");
    render();
  }
  function close() {
    $("guide").hidden = true;
    $("guide-toggle").setAttribute("aria-expanded", "false");
    localStorage.setItem(DONE_KEY, "1");
  }

  function render() {
    for (const el of document.querySelectorAll("#guide .guide-step")) el.hidden = el.dataset.step !== STEPS[step];
    for (const li of document.querySelectorAll("#guide-steps li")) {
      if (li.dataset.step === STEPS[step]) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    }
    $("guide-back").disabled = step === 0;
    $("guide-next").textContent = step === STEPS.length - 1 ? "Start exercising" : STEPS[step] === "still" && !passed ? "Skip the check" : "Next";
    if (STEPS[step] === "exercise") motion();
    renderCheck();
  }

  // ---- the stand-still check ----
  function mark(name, ok) { document.querySelector('#setup-checks [data-check="' + name + '"]').dataset.ok = String(ok); }
  function renderCheck() {
    const c = passed || check;
    const streaming = sourceState === "streaming";
    const found = !!c && c.found && (streaming || !!passed);
    mark("found", found);
    mark("still", !!check && check.still && streaming);
    mark("upright", !!c && c.upright === true);
    mark("off", !!c && c.off_deg != null && c.off_deg <= c.max_off_deg);
    $("setup-off").textContent = c && c.off_deg != null ? "Clip about " + c.off_deg + "° off (up to " + c.max_off_deg + "° is fine)"
      : "Clip angle";
    const result = $("setup-result");
    if (passed) {
      result.dataset.result = "pass";
      result.textContent = "Passed: sensor found, upright, clip about " + passed.off_deg + "° off.";
      $("setup-advice").textContent = "You can start: the next page shows the exercise.";
    } else if (!found) {
      result.dataset.result = "waiting";
      result.textContent = "Not yet: no sensor data.";
      $("setup-advice").textContent = c && c.found && !streaming ? "The sensor stopped sending: reconnect it, or choose a source under ⚙ Controls."
        : "Switch the sensor on, or choose a source under ⚙ Controls.";
    } else {
      result.dataset.result = c.measured ? "fail" : "waiting";
      result.textContent = c.measured ? "Not passed yet." : "Measuring: keep still…";
      $("setup-advice").textContent = c.advice;
    }
    if (STEPS[step] === "still") $("guide-next").textContent = passed ? "Next" : "Skip the check";
  }

  // ---- the exercise shown: SMIL animations, still at their key pose when motion is reduced ----
  const reduced = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  function motion() {
    // The key poses: the bottom of the drop, held (3.4 s of 6 s), and the bent knee (2.4 s of 4 s).
    const poses = { "drop-animation": 3.4, "knee-animation": 2.4 };
    for (const [id, at] of Object.entries(poses)) {
      const svg = $(id);
      if (!svg || typeof svg.pauseAnimations !== "function") continue;
      if (reduced && reduced.matches) { svg.pauseAnimations(); svg.setCurrentTime(at); } else svg.unpauseAnimations();
    }
  }
  if (reduced && reduced.addEventListener) reduced.addEventListener("change", motion);

  // ---- messages from /ws/live (through app.js) ----
  function message(m) {
    const src = m.type === "source" ? m.source : m.state ? m.state.source : null;
    if (src) sourceState = src.state;
    if (m.type === "reset") { check = null; passed = null; }
    if (m.type === "setup") {
      check = m;
      if (m.pass) passed = m;
      // The clip was moved (or another wearer): a check that fails now undoes the pass.
      else if (passed && m.measured) passed = null;
    }
    if (!$("guide").hidden) renderCheck();
  }
  window.hiphikeGuide = { message, open, close };

  document.addEventListener("DOMContentLoaded", () => {
    $("guide-toggle").addEventListener("click", () => { if ($("guide").hidden) open(0); else close(); });
    $("guide-close").addEventListener("click", close);
    $("guide-again").addEventListener("click", () => { open(0); $("guide").scrollIntoView({ behavior: "smooth" }); });
    $("guide-back").addEventListener("click", () => { if (step > 0) { step--; render(); } });
    $("guide-next").addEventListener("click", () => {
      if (step === STEPS.length - 1) close(); else { step++; render(); }
    });
    if (!localStorage.getItem(DONE_KEY)) {
      // First start: after the safety notice (a modal dialog) is read.
      const notice = $("notice");
      if (notice && notice.open) notice.addEventListener("close", () => open(0), { once: true });
      else open(0);
    }
  });
})();
