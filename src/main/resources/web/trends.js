// A small per-period chart on a <canvas>: left and right as two series (bars or lines), a y axis with
// its unit, period labels below. The plotted values are kept in data-values for tests and tools.
"use strict";
window.TrendChart = class TrendChart {
  /** opts: { kind: "bars" | "lines", unit: "°", decimals: 1, minMax: 4, fixedMax: 100 } */
  constructor(canvas, opts) {
    this.canvas = canvas; this.opts = Object.assign({ kind: "lines", unit: "", decimals: 1, minMax: 1 }, opts || {});
    this.labels = []; this.series = [];
    if (window.ResizeObserver) new ResizeObserver(() => this.draw()).observe(canvas);
    else window.addEventListener("resize", () => this.draw());
  }
  /** labels: one per period; series: [{ name, color: "--css-var", dash: bool, values: [number|null] }]. */
  set(labels, series) {
    this.labels = labels; this.series = series;
    const values = { labels };
    for (const s of series) values[s.name] = s.values;
    this.canvas.dataset.values = JSON.stringify(values);
    this.draw();
  }
  /** The axis top: 4 grid steps of 1, 2, 2.5 or 5 times a power of ten (or the fixed maximum). */
  niceMax(v) {
    if (this.opts.fixedMax) return this.opts.fixedMax;
    const raw = Math.max(v, this.opts.minMax) / 4;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= raw - 1e-9) return 4 * k * p;
    return 40 * p;
  }
  draw() {
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (!w || !h) return; // hidden: drawn when shown (the observer sees the new size)
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const css = getComputedStyle(document.documentElement);
    const col = (n) => css.getPropertyValue(n).trim();
    const o = this.opts, n = this.labels.length;
    const left = 52, right = 10, top = 12, bottom = 30;
    const pw = w - left - right, ph = h - top - bottom;
    let max = 0;
    for (const s of this.series) for (const v of s.values) if (v != null && v > max) max = v;
    max = this.niceMax(max);
    const y = (v) => top + ph * (1 - v / max);
    const slot = n ? pw / n : pw;
    const xc = (i) => left + slot * (i + 0.5);
    g.font = "13px system-ui, sans-serif"; g.lineWidth = 1;
    for (let k = 0; k <= 4; k++) {
      const v = max * k / 4;
      g.strokeStyle = col("--line"); g.beginPath(); g.moveTo(left, y(v)); g.lineTo(w - right, y(v)); g.stroke();
      g.fillStyle = col("--muted");
      const text = (Number.isInteger(v) ? String(v) : v.toFixed(o.decimals)) + o.unit;
      g.fillText(text, left - 8 - g.measureText(text).width, y(v) + 4);
    }
    // Period labels: as many as fit.
    const every = Math.max(1, Math.ceil(60 / Math.max(slot, 1)));
    g.fillStyle = col("--muted");
    for (let i = 0; i < n; i += every) {
      const t = this.labels[i], tw = g.measureText(t).width;
      g.fillText(t, Math.min(w - right - tw, Math.max(0, xc(i) - tw / 2)), h - 9);
    }
    const ns = this.series.length;
    if (o.kind === "bars") {
      const bw = Math.max(2, Math.min(28, slot * 0.8 / Math.max(ns, 1)));
      this.series.forEach((s, si) => {
        g.fillStyle = col(s.color);
        s.values.forEach((v, i) => {
          if (v == null || v <= 0) return;
          const x = xc(i) - bw * ns / 2 + bw * si;
          g.fillRect(x, y(v), bw - 1, y(0) - y(v));
        });
      });
    } else {
      for (const s of this.series) {
        g.strokeStyle = col(s.color); g.fillStyle = col(s.color); g.lineWidth = 3; g.lineJoin = "round";
        g.setLineDash(s.dash ? [7, 5] : []);
        g.beginPath();
        let open = false;
        s.values.forEach((v, i) => {
          if (v == null) { open = false; return; }
          if (!open) { g.moveTo(xc(i), y(v)); open = true; } else g.lineTo(xc(i), y(v));
        });
        g.stroke();
        g.setLineDash([]);
        s.values.forEach((v, i) => {
          if (v == null) return;
          g.beginPath();
          if (s.dash) g.rect(xc(i) - 4.5, y(v) - 4.5, 9, 9); else g.arc(xc(i), y(v), 5, 0, 2 * Math.PI);
          g.fill();
        });
      }
    }
    c.dataset.drawn = String(n);
  }
};
