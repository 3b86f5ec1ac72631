// A live line plot of an async run's recorded metrics: one panel per metric,
// steps along x. Drawn with SVG elements, so it needs nothing but the page.
import { h, put, svg } from "./dom.js";

const WIDTH = 560;
const HEIGHT = 180;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };

// {metric: [[step, value], ...]} from a run's history of scalar outputs.
export function series(history) {
  const found = {};
  for (const entry of history || []) {
    for (const [name, value] of Object.entries(entry.outputs || {})) {
      const number = scalar(value);
      if (number === null) continue;
      (found[name] ||= []).push([entry.step, number]);
    }
  }
  return found;
}

function scalar(value) {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value); // an integer past 2**53: plotted near enough
  if (value && typeof value === "object" && Array.isArray(value.data) && value.data.length === 1) {
    return scalar(value.data[0]);
  }
  return null;
}

function ticks(low, high) {
  return [low, (low + high) / 2, high];
}

function format(value) {
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0)
    ? value.toExponential(2)
    : value.toPrecision(4);
}

export function panel(name, points) {
  const steps = points.map((p) => p[0]);
  const values = points.map((p) => p[1]);
  // Reduced rather than spread: a long run's history would overflow the stack.
  const [x0, x1] = [steps.reduce((a, b) => Math.min(a, b)), steps.reduce((a, b) => Math.max(a, b))];
  let [y0, y1] = [values.reduce((a, b) => Math.min(a, b)), values.reduce((a, b) => Math.max(a, b))];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (x) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (WIDTH - PAD.left - PAD.right);
  const sy = (y) => HEIGHT - PAD.bottom - ((y - y0) / (y1 - y0)) * (HEIGHT - PAD.top - PAD.bottom);
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "plot",
    role: "img",
    "aria-label": `${name}: ${points.length} points, last ${format(values[values.length - 1])}`,
    "data-metric": name,
    "data-points": points.length,
  });
  put(chart, svg("rect", { x: PAD.left, y: PAD.top, width: WIDTH - PAD.left - PAD.right,
    height: HEIGHT - PAD.top - PAD.bottom, class: "plot-frame" }));
  for (const y of ticks(y0, y1)) {
    const label = svg("text", { x: PAD.left - 6, y: sy(y) + 4, "text-anchor": "end", class: "plot-tick" });
    label.textContent = format(y);
    put(chart, label);
  }
  // The last step's label ends at its tick: centred, "step 100000" ran off the edge.
  for (const [x, anchor] of [[x0, "middle"], [x1, x1 === x0 ? "middle" : "end"]]) {
    const label = svg("text", { x: sx(x), y: HEIGHT - 8, "text-anchor": anchor, class: "plot-tick" });
    label.textContent = `step ${x}`;
    put(chart, label);
  }
  put(chart, svg("polyline", { points: points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" "),
    class: "plot-line" }));
  for (const [x, y] of points.slice(-1)) put(chart, svg("circle", { cx: sx(x), cy: sy(y), r: 3, class: "plot-dot" }));
  return h("figure", { class: "plot-panel" }, h("figcaption", { text: `${name} (last ${format(values[values.length - 1])})` }), chart);
}
