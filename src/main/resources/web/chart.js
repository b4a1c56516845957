// A small drop-angle chart on a <canvas>: the last `windowS` seconds, the level band and the target depth.
"use strict";
window.DropChart = class DropChart {
  constructor(canvas, windowS) {
    this.canvas = canvas; this.windowS = windowS || 20;
    this.t = []; this.d = []; this.levelDeg = 1.5; this.targetDeg = 8; this.dirty = true;
    const loop = () => { if (this.dirty) this.draw(); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
    window.addEventListener("resize", () => { this.dirty = true; });
  }
  clear() { this.t = []; this.d = []; this.dirty = true; }
  push(ts, ds) {
    for (let i = 0; i < ts.length; i++) { this.t.push(ts[i]); this.d.push(ds[i]); }
    const last = this.t.length ? this.t[this.t.length - 1] : 0;
    let cut = 0;
    while (cut < this.t.length && this.t[cut] < last - this.windowS - 1) cut++;
    if (cut > 0) { this.t.splice(0, cut); this.d.splice(0, cut); }
    this.dirty = true;
  }
  setBands(levelDeg, targetDeg) { this.levelDeg = levelDeg; this.targetDeg = targetDeg; this.dirty = true; }
  draw() {
    this.dirty = false;
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const css = getComputedStyle(document.documentElement);
    const col = (n) => css.getPropertyValue(n).trim();
    const left = 44, right = 10, top = 10, bottom = 28;
    const pw = w - left - right, ph = h - top - bottom;
    let maxDeg = Math.max(this.targetDeg + 4, 12);
    for (const v of this.d) if (v + 1 > maxDeg) maxDeg = Math.ceil(v + 2);
    const minDeg = -4;
    const y = (deg) => top + ph * (maxDeg - deg) / (maxDeg - minDeg);
    const last = this.t.length ? this.t[this.t.length - 1] : 0;
    const t0 = last - this.windowS;
    const x = (t) => left + pw * (t - t0) / this.windowS;
    g.font = "13px system-ui, sans-serif"; g.fillStyle = col("--muted"); g.strokeStyle = col("--line"); g.lineWidth = 1;
    for (let deg = 0; deg <= maxDeg; deg += 4) {
      g.beginPath(); g.moveTo(left, y(deg)); g.lineTo(w - right, y(deg)); g.stroke();
      g.fillText(deg + "°", 6, y(deg) + 4);
    }
    for (let s = Math.ceil(t0 / 5) * 5; s <= last; s += 5) g.fillText(Math.round(s - last) + " s", x(s) - 12, h - 8);
    g.fillStyle = col("--level");
    g.fillRect(left, y(this.levelDeg), pw, y(-this.levelDeg) - y(this.levelDeg));
    g.strokeStyle = col("--target"); g.setLineDash([8, 6]); g.lineWidth = 2;
    g.beginPath(); g.moveTo(left, y(this.targetDeg)); g.lineTo(w - right, y(this.targetDeg)); g.stroke();
    g.setLineDash([]);
    g.fillStyle = col("--target"); g.fillText("target " + this.targetDeg + "°", w - right - 90, y(this.targetDeg) - 6);
    g.strokeStyle = col("--trace"); g.lineWidth = 3.5; g.lineJoin = "round";
    g.beginPath();
    let started = false;
    for (let i = 0; i < this.t.length; i++) {
      if (this.t[i] < t0) continue;
      const px = x(this.t[i]), py = y(Math.max(minDeg, this.d[i]));
      if (!started || (i > 0 && this.t[i] - this.t[i - 1] > 1)) { g.moveTo(px, py); started = true; } else g.lineTo(px, py);
    }
    g.stroke();
  }
};
