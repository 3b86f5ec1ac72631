// The console: sign-in, then graphs, sessions, runs, models, datasets and batches,
// each a #/route of one
// page. Every API call goes through api.js with the signed-in key and token.
import * as api from "./api.js";
import { announce, clear, h, problemView, put, when } from "./dom.js";
import { Drawing } from "./drawing.js";
import { panel, series } from "./plot.js";

const PAGE_SIZE = 20;
const POLL_MS = 700;
const MAX_CELLS = 2000;
const MAX_CELL_CHARS = 300; // a long string shows its start and its length
const FINISHED = new Set(["succeeded", "failed", "cancelled"]); // a run's, or a batch's, end

const root = document.getElementById("view");
// Each route renders into a container of its own, which its page function holds
// (`const view = current`): a page still awaiting the API when the user moves on
// can then only write into a container that is no longer shown.
let current = root;
let generation = 0; // bumped on every navigation: stale work checks it and stops
let plan = null; // the signed-in key's plan and quota, read once per sign-in

// ------------------------------------------------------------------ shell

// A call that takes a moment (a slow API, a retry waiting out Retry-After) is
// said in the header; quick ones, such as a run's polls, never flash it.
const BUSY_AFTER_MS = 500;
let busyTimer = null;
api.onActivity((calls) => {
  const busy = document.getElementById("busy");
  if (calls > 0 && busyTimer === null) {
    busyTimer = setTimeout(() => {
      busy.hidden = false;
      root.setAttribute("aria-busy", "true");
    }, BUSY_AFTER_MS);
  } else if (calls === 0) {
    clearTimeout(busyTimer);
    busyTimer = null;
    busy.hidden = true;
    root.removeAttribute("aria-busy");
  }
});

function showSignIn(message) {
  plan = null;
  document.getElementById("nav").hidden = true;
  document.getElementById("sign-out").hidden = true;
  document.getElementById("who").textContent = "";
  document.getElementById("sign-in").hidden = false;
  current = h("div");
  clear(root, current);
  clear(document.getElementById("sign-in-error"), message ? h("p", { class: "problem", text: message }) : null);
  document.getElementById("api-key").focus();
}

function showApp() {
  document.getElementById("sign-in").hidden = true;
  document.getElementById("nav").hidden = false;
  document.getElementById("sign-out").hidden = false;
  const who = document.getElementById("who");
  if (!who.textContent) who.textContent = "Signed in";
  if (plan || !api.scopes().includes("usage:read")) return;
  plan = api.getJson("/v1/usage").then((usage) => {
    const quota = usage.quota || {};
    who.textContent = `Signed in · ${usage.plan} plan · ${quota.used ?? "?"} of ${quota.limit ?? "∞"} requests today`;
  }).catch(() => {}); // the header line is a courtesy; the page works without it
}

document.getElementById("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = document.getElementById("api-key");
  const button = event.target.querySelector("button");
  button.disabled = true;
  try {
    await api.signIn(input.value);
    input.value = "";
    if (!location.hash || location.hash === "#/") location.hash = "#/graphs";
    else route();
  } catch (error) {
    showSignIn(error instanceof api.ApiProblem ? `${error.code}: ${error.detail || error.title}` : "Could not reach the API.");
  } finally {
    button.disabled = false;
  }
});

document.getElementById("sign-out").addEventListener("click", async () => {
  generation += 1;
  await api.signOut();
  // A new page: nothing of this tenant's data stays in memory either.
  history.replaceState(null, "", location.pathname);
  location.reload();
});

// Runs `work` for the current route; a signed-out or refused key goes back to sign-in.
async function guarded(work, into = current) {
  const mine = generation;
  try {
    await work(() => mine === generation);
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof api.SignedOut || (error instanceof api.ApiProblem && ["INVALID_API_KEY"].includes(error.code))) {
      sessionStorage.clear();
      showSignIn(error instanceof api.ApiProblem ? "Your key was refused; sign in again." : "");
      return;
    }
    showProblem(into, problemView(error));
  }
}

// A problem shown in `into` replaces the one shown there before, so pressing a
// button again after a refusal does not stack the same message under it.
function showProblem(into, view) {
  view.dataset.shown = "guarded";
  into.querySelector(":scope > [data-shown=guarded]")?.remove();
  put(into, view);
}

// After a move within the page (a link, Back), the new page's title takes the
// focus, as a new document would: otherwise it stays on the link just removed,
// the body in effect, and the keyboard starts again from the top.
let moved = false;

function title(text, ...rest) {
  document.title = `${text} · graphgate console`;
  const heading = h("h1", { id: "page-title", tabindex: "-1" }, text, ...rest);
  if (moved) {
    moved = false;
    requestAnimationFrame(() => {
      if (heading.isConnected && !document.activeElement?.closest?.("#view")) heading.focus();
    });
  }
  return heading;
}

// ----------------------------------------------------------------- routes

const ROUTES = [
  [/^#\/graphs\/(g_[0-9a-f]+)(\?.*)?$/, (id, query) => graphPage(id, new URLSearchParams((query || "").slice(1)))],
  [/^#\/sessions\/(s_[0-9a-zA-Z_]+)\/runs\/([A-Za-z0-9_]+)$/, (sid, rid) => runPage(sid, rid)],
  [/^#\/sessions\/(s_[0-9a-zA-Z_]+)$/, (id) => sessionPage(id)],
  [/^#\/sessions(\?.*)?$/, (query) => sessionsPage(new URLSearchParams((query || "").slice(1)))],
  [/^#\/graphs(\?.*)?$/, (query) => graphsPage(new URLSearchParams((query || "").slice(1)))],
  [/^#\/models\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/, (name) => modelPage(name)],
  [/^#\/models(\?.*)?$/, (query) => modelsPage(new URLSearchParams((query || "").slice(1)))],
  [/^#\/datasets\/(ds_[0-9a-f]+)$/, (id) => datasetPage(id)],
  [/^#\/datasets(\?.*)?$/, (query) => datasetsPage(new URLSearchParams((query || "").slice(1)))],
  [/^#\/batches\/(b_[0-9a-f]+)$/, (id) => batchPage(id)],
  [/^#\/batches(\?.*)?$/, (query) => batchesPage(new URLSearchParams((query || "").slice(1)))],
];

function route() {
  generation += 1;
  if (!api.signedIn()) {
    showSignIn();
    return;
  }
  showApp();
  const hash = location.hash || "#/graphs";
  for (const [pattern, render] of ROUTES) {
    const match = hash.match(pattern);
    if (match) {
      current = h("div", { class: "page" });
      clear(root, current);
      // Not decoded here: ids need no decoding, and URLSearchParams decodes a
      // query itself (decoding it twice turns an encoded "+" or "&" into syntax).
      guarded(() => render(...match.slice(1)));
      return;
    }
  }
  location.hash = "#/graphs";
}

// The skip link moves the focus, not the route: followed as a link, its "#main"
// would be a route this page does not know, and the page would go to the graphs.
document.querySelector("a.skip").addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("main").focus();
});

window.addEventListener("hashchange", () => {
  moved = true;
  route();
});
route(); // a module script runs once the document is parsed

// ----------------------------------------------------------------- graphs

async function graphsPage(params) {
  const view = current;
  const name = params.get("name_prefix") || "";
  const tag = params.get("tag") || "";
  const cursor = params.get("cursor");
  const filters = h("form", { class: "filters", role: "search", "aria-label": "Filter graphs" },
    h("label", { for: "f-name", text: "Name starts with" }),
    h("input", { id: "f-name", name: "name_prefix", value: name }),
    h("label", { for: "f-tag", text: "Tag" }),
    h("input", { id: "f-tag", name: "tag", value: tag }),
    h("button", { type: "submit", text: "Filter" }));
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(filters)) if (value) next.set(key, value);
    location.hash = `#/graphs${next.size ? `?${next}` : ""}`;
  });
  put(view, title("Graphs"), filters);
  const query = new URLSearchParams({ limit: PAGE_SIZE });
  if (name) query.set("name_prefix", name);
  if (tag) query.set("tag", tag);
  if (cursor) query.set("cursor", cursor);
  const page = await api.getJson(`/v1/graphs?${query}`);
  if (!page.items.length) {
    put(view, h("p", { class: "empty", text: name || tag ? "No graph matches." : "No graphs yet: store one with the API or the Python client." }));
  } else {
    put(view, h("table", { class: "listing", id: "graphs" },
      h("caption", { class: "visually-hidden", text: "Your graphs, newest first" }),
      h("thead", {}, h("tr", {}, ["Name", "Tags", "Nodes", "Revision", "Updated"].map((c) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, page.items.map((g) => h("tr", { "data-id": g.id },
        h("td", {}, h("a", { href: `#/graphs/${g.id}`, class: "graph-name", text: g.name })),
        h("td", {}, (g.tags || []).map((t) => h("span", { class: "tag", text: t }))),
        h("td", { class: "num", text: g.node_count }),
        h("td", { class: "num", text: g.revision }),
        h("td", { text: when(g.updated_at) }))))));
  }
  const nav = h("p", { class: "pager" });
  if (cursor) put(nav, h("a", { href: `#/graphs${name || tag ? `?${new URLSearchParams({ ...(name && { name_prefix: name }), ...(tag && { tag }) })}` : ""}`, text: "First page" }));
  if (page.next_cursor) {
    const next = new URLSearchParams(params);
    next.set("cursor", page.next_cursor);
    put(nav, h("a", { href: `#/graphs?${next}`, rel: "next", text: "Next page" }));
  }
  put(view, nav);
  announce(`${page.items.length} graphs shown.`);
}

// The listing is paged (at most 100 a page); the page lists every revision, each
// page as it comes, after the drawing rather than before it: a graph revised 10,000
// times is 100 listing pages, which held the drawing and the run form back.
async function listRevisions(id, graph, drawing, into, alive) {
  const summary = into.querySelector("summary");
  const list = into.querySelector("ul");
  let cursor = null;
  do {
    const query = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api.getJson(`/v1/graphs/${id}/revisions?limit=100${query}`);
    if (!alive()) return; // the user has moved on: stop reading
    for (const r of page.items) put(list, revisionItem(r, graph, drawing));
    cursor = page.next_cursor;
    summary.textContent = `Revisions (${list.children.length}${cursor ? "…" : ""})`;
  } while (cursor);
}

function revisionItem(r, graph, drawing) {
  return h("li", { "data-revision": r.revision },
    `revision ${r.revision} · ${when(r.created_at)}${r.content_hash ? ` · ${r.content_hash.slice(0, 19)}…` : ""} `,
    drawing
      ? h("button", {
        type: "button",
        class: "draw-revision",
        onclick: () => guarded(() => drawing.showRevision(r.revision), drawing.element),
        text: r.revision === graph.revision ? "Draw (current)" : "Draw",
      })
      : null);
}

async function graphPage(id, params) {
  const view = current;
  const graph = await api.getJson(`/v1/graphs/${id}`);
  const revisionList = h("details", { class: "card revisions" }, h("summary", { text: "Revisions (…)" }), h("ul"));
  const actions = h("div", { class: "actions" });
  // A graph that live sessions use is refused (409), shown under the button.
  const remove = twoStepButton("delete-graph", "Delete graph", "Delete it and every revision", () => guarded(async () => {
    try {
      await api.request("DELETE", `/v1/graphs/${id}`, { headers: { "If-Match": graph.etag } });
    } catch (error) {
      if (!(error instanceof api.ApiProblem && error.status === 412)) throw error;
      // The graph changed since this page read it: its If-Match stays stale, so
      // pressing again could only be refused again. Offer the graph as it is now.
      remove.disabled = true;
      showProblem(actions, h("div", {}, problemView(error),
        h("button", { type: "button", id: "reload-graph", onclick: () => route(), text: "Show the graph as it is now" })));
      return;
    }
    location.hash = "#/graphs";
  }, actions));
  put(actions, remove);
  put(view,
    title(graph.name),
    h("p", { class: "meta" }, h("code", { text: graph.id }), ` · revision ${graph.revision} · ${graph.node_count} nodes · updated ${when(graph.updated_at)}`),
    graph.description ? h("p", { class: "description", text: graph.description }) : null,
    h("p", {}, (graph.tags || []).map((t) => h("span", { class: "tag", text: t }))),
    actions,
    revisionList);
  const drawing = graph.signature ? new Drawing(graph) : null;
  // Not awaited; a listing that fails opens the list, or its problem would be hidden in it.
  guarded((alive) => listRevisions(id, graph, drawing, revisionList, alive), revisionList).then(() => {
    if (revisionList.querySelector(":scope > [data-shown=guarded]")) revisionList.open = true;
  });
  if (!drawing) {
    put(view, h("p", { class: "problem", text: "This graph is too large to show here; fetch it with the API." }));
    return;
  }
  const runner = runForm(graph, drawing);
  put(view, drawing.element, runner);
  // What the drawing shows (its revision, its open scopes) is kept in the page's
  // address, replacing it, so a reload, Back or a shared link shows it again.
  const mine = generation;
  drawing.onShown = ({ revision, expanded }) => {
    if (mine !== generation) return; // the user has moved on: not their address any more
    const query = new URLSearchParams();
    if (revision !== null) query.set("revision", revision);
    query.set("expand", expanded.join(","));
    history.replaceState(history.state, "", `#/graphs/${id}?${query}`);
  };
  const revision = Number(params.get("revision")) || null;
  const expanded = params.has("expand") ? params.get("expand").split(",").filter(Boolean) : null;
  if (revision !== null && revision !== graph.revision) {
    await guarded(() => drawing.showRevision(revision, expanded), drawing.element);
  } else {
    await drawing.show(expanded);
  }
}

// ------------------------------------------------------------ running

function shapeText(shape) {
  return shape === null || shape === undefined ? "unknown shape" : `[${shape.map((d) => (d === null ? "?" : d)).join(", ")}]`;
}

// A feed typed as JSON: a plain (nested) array or number is given the
// placeholder's dtype; a full tensor ({"datatype", "shape", "data"}) passes as is.
export function tensorFromJson(text, dtype) {
  const value = api.parseJson(text); // 9007199254740993 stays that integer
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
  const shape = [];
  for (let level = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const data = [];
  const walk = (item, depth) => {
    if (depth === shape.length) {
      if (Array.isArray(item)) throw new Error("the array is ragged");
      data.push(item);
      return;
    }
    if (!Array.isArray(item) || item.length !== shape[depth]) throw new Error("the array is ragged");
    for (const child of item) walk(child, depth + 1);
  };
  walk(value, 0);
  return { datatype: dtype || "FP32", shape, data };
}

function feedFields(placeholders) {
  return placeholders.map((p, i) => h("div", { class: "feed" },
    h("label", { for: `feed-${i}` }, h("code", { text: p.name }), ` ${p.dtype} ${shapeText(p.shape)}`),
    h("textarea", { id: `feed-${i}`, rows: 2, "data-feed": p.name, "data-dtype": p.dtype, spellcheck: "false", placeholder: p.shape && p.shape.length ? "[[1, 2], [3, 4]]" : "1.5" })));
}

function readFeeds(form) {
  const feeds = {};
  for (const area of form.querySelectorAll("textarea[data-feed]")) {
    if (!area.value.trim()) continue;
    try {
      feeds[area.dataset.feed] = tensorFromJson(area.value, area.dataset.dtype);
    } catch (error) {
      throw new Error(`feed ${area.dataset.feed}: ${error.message}`);
    }
  }
  return feeds;
}

function nodeSelect(id, label, nodes, hint) {
  return h("div", { class: "pick" },
    h("label", { for: id, text: label }),
    h("select", { id, multiple: true, size: Math.min(8, Math.max(3, nodes.length)) },
      nodes.map((n) => h("option", { value: n.name, text: `${n.name} (${n.op})` }))),
    h("p", { class: "hint", text: hint }));
}

function selected(form, id) {
  return [...form.querySelector(`#${id}`).selectedOptions].map((o) => o.value);
}

function runForm(graph, drawing) {
  const signature = graph.signature;
  const output = h("div", { class: "run-output", "aria-live": "polite" });
  const sessionPick = h("select", { id: "run-session", "aria-label": "Session" }, h("option", { value: "", text: "a new session" }));
  const form = h("form", { class: "card run", id: "run-form", "aria-labelledby": "run-title" },
    h("h2", { id: "run-title", text: "Run" }),
    h("p", { class: "hint", text: `Runs revision ${graph.revision}, the current one.` }),
    nodeSelect("run-fetches", "Fetch", signature.nodes, "Ctrl- or Shift-click to pick several."),
    nodeSelect("run-targets", "Run for effect (targets)", signature.nodes, "Optional: ops such as a training step."),
    signature.placeholders.length ? h("fieldset", {}, h("legend", { text: "Feeds (JSON)" }), feedFields(signature.placeholders)) : null,
    h("fieldset", { class: "mode" }, h("legend", { text: "Where" }),
      h("label", {}, h("input", { type: "radio", name: "mode", value: "oneshot", checked: true }), " one-shot (nothing kept)"),
      h("label", {}, h("input", { type: "radio", name: "mode", value: "session" }), " in "), sessionPick),
    h("label", { for: "run-steps", text: "Steps" }),
    h("input", { id: "run-steps", type: "number", min: 1, value: 1 }),
    h("button", { type: "submit", text: "Run" }),
    output);
  drawing.element.addEventListener("pick", (event) => {
    const option = [...form.querySelector("#run-fetches").options].find((o) => o.value === event.detail);
    if (!option) return;
    option.selected = true;
    form.querySelector("#run-fetches").focus();
    announce(`${event.detail} will be fetched.`);
  });
  guarded(async () => {
    const sessions = await api.getJson("/v1/sessions?limit=50");
    for (const s of sessions.items.filter((s) => s.graph_id === graph.id)) {
      put(sessionPick, h("option", { value: s.id, text: s.id }));
    }
  }, output);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(output, h("p", { class: "hint", text: "Running…" }));
    drawing.highlight([]);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const fetches = Object.fromEntries(selected(form, "run-fetches").map((n) => [n, n]));
      const targets = selected(form, "run-targets");
      const body = { fetches, feeds: readFeeds(form), steps: Number(form.querySelector("#run-steps").value) || 1 };
      if (targets.length) body.targets = targets;
      const mode = new FormData(form).get("mode");
      let answer;
      if (mode === "session") {
        let sessionId = sessionPick.value;
        if (!sessionId) {
          sessionId = (await api.send("POST", "/v1/sessions", { graph_id: graph.id })).body.id;
          put(sessionPick, h("option", { value: sessionId, text: sessionId }));
          sessionPick.value = sessionId;
        }
        const sent = await api.send("POST", `/v1/sessions/${sessionId}/runs`, body);
        if (sent.status === 202) {
          // Too long for a synchronous answer: the API made it an async run; watch it.
          location.hash = `#/sessions/${sessionId}/runs/${runIdOf(sent)}`;
          return;
        }
        answer = sent.body;
        answer.session_id = sessionId;
      } else {
        answer = (await api.send("POST", `/v1/graphs/${graph.id}/runs`, body)).body;
      }
      clear(output, outputsView(answer));
      announce("Run finished.");
    } catch (error) {
      clear(output, problemView(error));
      if (error instanceof api.ApiProblem) drawing.highlight(error.nodes);
      announce(`Run failed: ${error.code || error.message}`);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// The run a 202 answer started: its Location, as docs/sessions.md promises.
function runIdOf(answer) {
  return answer.body?.id || (answer.location || "").split("/").pop();
}

function cellText(value, dtype) {
  const text = dtype === "FP32" ? float32Text(value) : entryText(value);
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}… (${text.length} characters)` : text;
}

// An FP32 entry arrives as the float64 that holds it exactly (0.10000000149011612):
// shown as the shortest decimal that reads back as that float32 (0.1), as numpy and
// TF print it. Nine significant digits always suffice.
function float32Text(value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value === 0 || Math.fround(value) !== value) return entryText(value);
  for (let digits = 1; digits < 9; digits += 1) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return entryText(shorter);
  }
  return entryText(value);
}

// A BYTES entry that is not UTF-8 arrives as {"b64": ...}: shown escaped, as
// Python shows bytes, rather than as "[object Object]".
function entryText(value) {
  if (Object.is(value, -0)) return "-0"; // String(-0) is "0": the sign is kept, as the wire format keeps it
  if (value === null || typeof value !== "object") return String(value);
  if (typeof value.b64 !== "string") return api.stringifyJson(value);
  let raw;
  try {
    raw = atob(value.b64);
  } catch {
    return api.stringifyJson(value);
  }
  const named = { "\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\", "'": "\\'" };
  const shown = [...raw].map((ch) => {
    const code = ch.charCodeAt(0);
    if (named[ch]) return named[ch];
    return code >= 0x20 && code < 0x7f ? ch : `\\x${code.toString(16).padStart(2, "0")}`;
  });
  return `b'${shown.join("")}'`;
}

// A rank-3-or-more tensor shows as rows of its last axis, each headed by the
// indices it sits at ("[1, 2, :]"), so its structure survives the flattening.
function rowLabel(row, shape) {
  const index = [];
  for (let axis = shape.length - 2, rest = row; axis >= 0; axis -= 1) {
    index.unshift(rest % shape[axis]);
    rest = Math.floor(rest / shape[axis]);
  }
  return `[${[...index, ":"].join(", ")}]`;
}

function tensorTable(tensor, name) {
  if (!tensor || !Array.isArray(tensor.data)) {
    return h("pre", { text: api.stringifyJson(tensor).slice(0, 4000) });
  }
  const shape = tensor.shape || [];
  if (!tensor.data.length) return h("p", { class: "hint", text: "no values (an empty tensor)" });
  const data = tensor.data.slice(0, MAX_CELLS);
  const columns = shape.length >= 2 ? shape[shape.length - 1] : Math.max(1, data.length);
  const rows = [];
  for (let i = 0; i < data.length; i += columns) rows.push(data.slice(i, i + columns));
  const labelled = shape.length >= 3;
  // Focusable, so a keyboard can scroll a table wider or taller than its box.
  return h("div", { class: "tensor", tabindex: 0, role: "region", "aria-label": `${name} values` },
    h("table", { class: "values" }, h("tbody", {}, rows.map((r, i) => h("tr", {},
      labelled ? h("th", { scope: "row", text: rowLabel(i, shape) }) : null,
      r.map((v) => h("td", { class: ["number", "bigint"].includes(typeof v) ? "num" : "str", text: cellText(v, tensor.datatype) })))))),
    tensor.data.length > MAX_CELLS ? h("p", { class: "hint", text: `first ${MAX_CELLS} of ${tensor.data.length} values` }) : null);
}

// Outputs past the answer's size limit are stored, behind a presigned link: the
// page cannot read them itself (another origin, which its CSP refuses), so it links them.
function tooLargeToShow(url, expiresIn) {
  if (!/^https?:\/\//.test(url)) return h("p", { text: "The outputs are too large to show; download them with the API." });
  return h("p", { class: "outputs-url" }, "The outputs are too large to show here: ",
    h("a", { href: url, download: "outputs.json", text: "download them (JSON)" }),
    expiresIn ? ` · the link lasts ${Math.round(expiresIn / 60)} minutes` : "");
}

function outputsView(answer) {
  const outputs = answer.outputs || {};
  return h("div", { class: "outputs" },
    h("p", { class: "meta", text: `${answer.steps} step(s) · ${answer.compute_ms} ms${answer.session_id ? ` · session ${answer.session_id}` : ""}` }),
    answer.session_id ? h("p", {}, h("a", { href: `#/sessions/${answer.session_id}`, text: "Open the session" })) : null,
    answer.outputs_url ? tooLargeToShow(answer.outputs_url, answer.outputs_expires_in) : null,
    Object.entries(outputs).map(([name, tensor]) => h("section", { class: "output", "data-fetch": name },
      h("h3", {}, h("code", { text: name }), ` ${tensor?.datatype || ""} ${shapeText(tensor?.shape)}`),
      tensorTable(tensor, name))));
}

// ---------------------------------------------------------------- sessions

function sessionsPage(params) {
  return listingPage("Sessions", "/v1/sessions", params, "sessions", [
    ["Session", (s) => h("td", {}, h("a", { href: `#/sessions/${s.id}`, text: s.id }))],
    ["Graph", (s) => h("td", {}, h("a", { href: `#/graphs/${s.graph_id}`, text: s.graph_id }))],
    ["Revision", (s) => h("td", { class: "num", text: s.graph_revision })],
    ["Version", (s) => h("td", { class: "num", text: s.version })],
    ["Expires", (s) => h("td", { text: when(s.expires_at) })],
  ], "No live sessions. Start one from a graph's page.");
}

// Loops rather than Math.min(...values): spreading a large variable's values as
// arguments overflows the stack ("Maximum call stack size exceeded").
function stats(tensor) {
  const values = (tensor.data || []).map(Number).filter(Number.isFinite);
  if (!values.length) return ["", "", "", ""];
  let [low, high, sum] = [Infinity, -Infinity, 0];
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
    sum += v;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const fmt = (v) => Number(v.toPrecision(5)).toString();
  return [fmt(low), fmt(high), fmt(mean), fmt(Math.sqrt(squares / values.length))];
}

async function sessionPage(id) {
  const view = current;
  const session = await api.getJson(`/v1/sessions/${id}`);
  // Ending a session drops its variables.
  const end = twoStepButton("end-session", "End session", "End it: its variables are dropped", () => guarded(async () => {
    await api.request("DELETE", `/v1/sessions/${id}`);
    location.hash = "#/sessions";
  }));
  put(view, title(`Session ${id}`),
    h("p", { class: "meta" }, "graph ", h("a", { href: `#/graphs/${session.graph_id}`, text: session.graph_id }),
      ` · revision ${session.graph_revision} · version ${session.version} · expires ${when(session.expires_at)}`),
    end);
  const variables = h("section", { class: "card", "aria-labelledby": "vars-title" }, h("h2", { id: "vars-title", text: "Variables" }));
  const runs = h("section", { class: "card", "aria-labelledby": "runs-title" }, h("h2", { id: "runs-title", text: "Runs" }));
  const start = h("section", { class: "card", "aria-labelledby": "start-title" }, h("h2", { id: "start-title", text: "Start an asynchronous run" }));
  put(view, variables, start, runs);
  await Promise.all([
    guarded(() => variablesView(id, variables), variables),
    guarded(() => runsView(id, runs), runs),
    guarded(() => asyncForm(session, start), start),
  ]);
}

async function variablesView(id, into) {
  const answer = await api.getJson(`/v1/sessions/${id}/variables`);
  const entries = Object.entries(answer.variables || {});
  put(into,
    h("button", { type: "button", id: "download-npz", onclick: () => downloadNpz(id, into), text: "Download .npz" }),
    entries.length
      ? h("table", { class: "listing", id: "variables" },
        h("thead", {}, h("tr", {}, ["Name", "dtype", "Shape", "min", "max", "mean", "std"].map((c) => h("th", { scope: "col", text: c })))),
        h("tbody", {}, entries.map(([name, t]) => h("tr", {},
          h("td", {}, h("code", { text: name })), h("td", { text: t.datatype }), h("td", { text: shapeText(t.shape) }),
          stats(t).map((s) => h("td", { class: "num", text: s }))))))
      : h("p", { class: "empty", text: answer.variables_url ? "Too large to show: download them." : "This graph has no variables." }));
}

async function downloadNpz(id, into) {
  await guarded(async () => {
    const blob = await (await api.request("GET", `/v1/sessions/${id}/variables`, { accept: "application/x-npz" })).blob();
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: `${id}.npz` });
    put(document.body, link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, into);
}

// `button` asks once for what `path` names to be cancelled (DELETE); a refusal is shown in
// `result` and the button can be pressed again. `dataset.sent` tells watchers it was sent.
function cancelsWith(button, path, result) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.dataset.sent = "yes";
    try {
      await api.request("DELETE", path);
      announce("Cancellation requested.");
    } catch (error) {
      button.disabled = false; // not sent, or refused: it can be asked again
      delete button.dataset.sent;
      put(result, problemView(error));
    }
  });
}

// A listing's next page, appended below it by a button that goes once the page has
// come: one that could not be read leaves its problem and the button, to try again.
function olderButton(name, text, into, loadNext) {
  const button = h("button", {
    type: "button",
    class: name,
    text,
    onclick: () => {
      button.disabled = true;
      guarded(async () => {
        await loadNext();
        button.remove();
        into.querySelector(":scope > [data-shown=guarded]")?.remove();
      }, into).finally(() => {
        button.disabled = false;
      });
    },
  });
  return button;
}

async function runsView(id, into, cursor = null) {
  const query = new URLSearchParams({ limit: PAGE_SIZE });
  if (cursor) query.set("cursor", cursor);
  const page = await api.getJson(`/v1/sessions/${id}/runs?${query}`);
  const more = page.next_cursor
    ? olderButton("more-runs", "Older runs", into, () => runsView(id, into, page.next_cursor))
    : null;
  put(into, page.items.length
    ? h("table", { class: "listing", id: cursor ? undefined : "runs" },
      h("thead", {}, h("tr", {}, ["Run", "Mode", "Status", "Steps", "Started"].map((c) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, page.items.map((r) => h("tr", { "data-id": r.id },
        h("td", {}, h("a", { href: `#/sessions/${id}/runs/${r.id}`, text: r.id })),
        h("td", { text: r.mode }), h("td", { class: `status ${r.status}`, text: r.status }),
        h("td", { class: "num", text: `${r.completed_steps ?? r.steps}/${r.steps}` }),
        h("td", { text: when(r.created_at) })))))
    : h("p", { class: "empty", text: "No runs yet." }), more);
}

async function asyncForm(session, into) {
  const graph = await api.getJson(`/v1/graphs/${session.graph_id}`);
  const signature = graph.signature || { nodes: [], placeholders: [] };
  const form = h("form", { id: "async-form" },
    nodeSelect("async-fetches", "Record (scalar fetches, e.g. loss)", signature.nodes, "Recorded at every checkpoint and plotted live."),
    nodeSelect("async-targets", "Targets (e.g. the training op)", signature.nodes, ""),
    signature.placeholders.length ? h("fieldset", {}, h("legend", { text: "Feeds (JSON), the same every step" }), feedFields(signature.placeholders)) : null,
    h("label", { for: "async-steps", text: "Steps" }),
    h("input", { id: "async-steps", type: "number", min: 1, value: 1000 }),
    h("button", { type: "submit", text: "Start" }));
  const output = h("div", { "aria-live": "polite" });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(output);
    try {
      const body = {
        fetches: Object.fromEntries(selected(form, "async-fetches").map((n) => [n, n])),
        targets: selected(form, "async-targets"),
        feeds: readFeeds(form),
        steps: Number(form.querySelector("#async-steps").value) || 1,
      };
      const answer = await api.send("POST", `/v1/sessions/${session.id}/runs`, body, { Prefer: "respond-async" });
      location.hash = `#/sessions/${session.id}/runs/${runIdOf(answer)}`;
    } catch (error) {
      put(output, problemView(error));
    }
  });
  put(into, form, output);
}

async function runPage(sessionId, runId) {
  const view = current;
  const status = h("p", { class: "run-status", id: "run-status" });
  const progress = h("progress", { id: "run-progress", max: 1, value: 0, "aria-label": "Steps completed" });
  // Enabled once the run is seen to be going: a run that is not found cannot be cancelled.
  const cancel = h("button", { type: "button", id: "cancel-run", text: "Cancel run", disabled: true });
  const plots = h("div", { class: "plots", id: "plots" });
  const result = h("div", { class: "run-result" });
  const trouble = h("div", { class: "run-trouble" }); // why the status may be stale
  const source = h("p", { class: "meta", id: "run-dataset", hidden: true }); // a dataset run's
  put(view, title(`Run ${runId}`),
    h("p", { class: "meta" }, "session ", h("a", { href: `#/sessions/${sessionId}`, text: sessionId })),
    source, h("section", { class: "card" }, status, trouble, progress, cancel, plots, result));
  const path = `/v1/sessions/${sessionId}/runs/${runId}`;
  cancelsWith(cancel, path, result);
  await watch(path, trouble, stopped(status, cancel, "run"), (run) => {
    showRun(run, status, progress, plots);
    showDataset(run, source);
    if (!cancel.dataset.sent) cancel.disabled = FINISHED.has(run.status);
    if (!FINISHED.has(run.status)) return false;
    cancel.disabled = true;
    clear(result, run.error ? problemView(new api.ApiProblem(run.error.status || 0, run.error)) : null,
      failedAt(run),
      run.outputs ? outputsView({ ...run, outputs: run.outputs, compute_ms: run.compute_ms ?? "" }) : null);
    announce(`Run ${run.status}.`);
    return true;
  });
}

// A run over a dataset: which one, the epochs done, and the position and seed that
// continuing it after a cancel or a failure asks for (docs/datasets.md).
function showDataset(run, source) {
  const { dataset, position } = run;
  if (!dataset) return;
  const at = position || { epoch: 0, offset: 0 };
  source.hidden = false;
  clear(source, "dataset ", /^ds_[0-9a-f]+$/.test(dataset.id || "") ? h("a", { href: `#/datasets/${dataset.id}`, text: dataset.id }) : dataset.id,
    ` · ${dataset.rows} rows in batches of ${dataset.batch_size} · ${at.epoch} of ${dataset.epochs} epochs done`,
    ` · position epoch ${at.epoch}, offset ${at.offset}${dataset.shuffle ? `, seed ${dataset.seed}` : ""}`);
}

// Where a failed run stopped (the API names the step and node a step raised at) and
// what the session kept: what a user resuming it needs to fix and where to start.
function failedAt(run) {
  const { step, node } = run.error || {};
  if (!Number.isInteger(step)) return null;
  return h("p", { class: "hint", id: "run-failed-at" },
    `Failed at step ${step} of ${run.steps}`,
    node ? h("span", {}, " in node ", h("code", { class: "node-ref", text: node })) : null,
    `; the session keeps its checkpoint after step ${run.completed_steps ?? 0}.`);
}

// Polls `path`, handing each answer to `show` until it says the thing has ended
// (or the user has moved on). The connection dropping, or the API throttling or
// failing, is said in `trouble` and the watching goes on, backing off, rather
// than freezing on the last answer. An answer that will not change by waiting (the
// thing is gone: its session ended in another tab; a refusal) is handed to `stop`,
// so the page stops saying "running", then shown as the page's problem.
async function watch(path, trouble, stop, show) {
  const mine = generation;
  for (let failures = 0; ;) {
    let answer;
    try {
      answer = await api.getJson(path);
    } catch (error) {
      if (mine !== generation) throw error;
      if (!api.transient(error)) {
        clear(trouble);
        stop(error);
        throw error;
      }
      failures += 1;
      clear(trouble, problemView(error), h("p", { class: "hint", text: "Still watching: trying again…" }));
      await api.sleep(error.retryAfter ?? Math.min(2 ** failures, 30));
      if (mine !== generation) return;
      continue;
    }
    if (mine !== generation) return;
    failures = 0;
    clear(trouble);
    if (show(answer)) return;
    await api.sleep(POLL_MS / 1000);
    if (mine !== generation) return;
  }
}

// What a watched run's or batch's status line says once it cannot be watched any more:
// what was last seen stays, marked as such, and Cancel goes.
function stopped(status, cancel, what) {
  return (error) => {
    const gone = error instanceof api.ApiProblem && [404, 410].includes(error.status);
    const seen = status.textContent ? ` Last seen: ${status.textContent}.` : "";
    status.textContent = gone
      ? `This ${what} no longer exists (deleted, or its session ended).${seen}`
      : `No longer watched: the API refused to show this ${what}.${seen}`;
    status.dataset.status = gone ? "gone" : "unknown";
    cancel.disabled = true;
    announce(status.textContent);
  };
}

function showRun(run, status, progress, plots) {
  status.textContent = `${run.status}${run.cancel_requested && !FINISHED.has(run.status) ? " (cancelling)" : ""} · ${run.completed_steps ?? 0} of ${run.steps} steps`;
  status.dataset.status = run.status;
  progress.max = run.steps || 1;
  progress.value = run.completed_steps ?? 0;
  const metrics = series(run.history);
  clear(plots, Object.keys(metrics).length
    ? Object.entries(metrics).map(([name, points]) => panel(name, points))
    : h("p", { class: "hint", text: run.mode === "async" ? "No metric recorded yet." : "A synchronous run records no metrics." }));
}

// ------------------------------------------------------------------ models
// Read only: a model's versions and the labels that route predictions to them
// (docs/models.md). Labels are moved with the API, the Python client or the CLI.

async function modelsPage(params) {
  const view = current;
  const cursor = params.get("cursor");
  const query = new URLSearchParams({ limit: PAGE_SIZE });
  if (cursor) query.set("cursor", cursor);
  put(view, title("Models"));
  const page = await api.getJson(`/v1/models?${query}`);
  if (!page.items.length) {
    put(view, h("p", { class: "empty", text: "No models yet: freeze a trained session into one with the API, the Python client or the CLI." }));
  } else {
    put(view, h("table", { class: "listing", id: "models" },
      h("caption", { class: "visually-hidden", text: "Your models by name" }),
      h("thead", {}, h("tr", {}, ["Model", "Created"].map((c) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, page.items.map((m) => h("tr", { "data-name": m.name },
        h("td", {}, h("a", { href: `#/models/${encodeURIComponent(m.name)}`, class: "model-name", text: m.name })),
        h("td", { text: when(m.created_at) }))))));
  }
  const nav = h("p", { class: "pager" });
  if (cursor) put(nav, h("a", { href: "#/models", text: "First page" }));
  if (page.next_cursor) put(nav, h("a", { href: `#/models?${new URLSearchParams({ cursor: page.next_cursor })}`, rel: "next", text: "Next page" }));
  put(view, nav);
}

// "version 1", or with a canary "version 1 · version 2 takes 10 % of requests".
function routedTo(target) {
  const canary = target.canary
    ? ` · version ${target.canary.version} takes ${Number((target.canary.weight * 100).toPrecision(4))} % of requests`
    : "";
  return `version ${target.version}${canary}`;
}

function specsText(specs) {
  return (specs || []).map((s) => `${s.name} ${s.datatype} ${shapeText(s.shape?.map((d) => (d === -1 ? null : d)))}`).join("; ");
}

async function modelPage(name) {
  const view = current;
  const path = `/v1/models/${encodeURIComponent(name)}`;
  const model = await api.getJson(path);
  const labels = Object.entries(model.labels || {}).sort(([a], [b]) => a.localeCompare(b));
  const versions = h("section", { class: "card", "aria-labelledby": "versions-title" }, h("h2", { id: "versions-title", text: "Versions" }));
  put(view, title(`Model ${model.name}`),
    h("p", { class: "meta", text: `newest version ${model.latest_version ?? "none"} · updated ${when(model.updated_at)}` }),
    h("section", { class: "card", "aria-labelledby": "labels-title" },
      h("h2", { id: "labels-title", text: "Labels" }),
      labels.length
        ? h("table", { class: "listing", id: "labels" },
          h("thead", {}, h("tr", {}, ["Label", "Routes to"].map((c) => h("th", { scope: "col", text: c })))),
          h("tbody", {}, labels.map(([label, target]) => h("tr", { "data-label": label },
            h("td", {}, h("code", { text: label })), h("td", { text: routedTo(target) })))))
        : h("p", { class: "empty", text: "No labels: a prediction that names no version goes to the newest." })),
    versions);
  await versionsView(path, versions);
}

async function versionsView(path, into, cursor = null) {
  const query = new URLSearchParams({ limit: PAGE_SIZE });
  if (cursor) query.set("cursor", cursor);
  const page = await api.getJson(`${path}/versions?${query}`);
  const more = page.next_cursor
    ? olderButton("more-versions", "Older versions", into, () => versionsView(path, into, page.next_cursor))
    : null;
  put(into, page.items.length
    ? h("table", { class: "listing", id: cursor ? undefined : "versions" },
      h("thead", {}, h("tr", {}, ["Version", "Inputs", "Outputs", "Frozen from", "Description", "Created"].map((c) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, page.items.map((v) => h("tr", { "data-version": v.version },
        h("td", { class: "num", text: v.version }),
        h("td", { text: specsText(v.signature?.inputs) }),
        h("td", { text: specsText(v.signature?.outputs) }),
        h("td", {}, /^g_[0-9a-f]+$/.test(v.source?.graph_id || "")
          ? [h("a", { href: `#/graphs/${v.source.graph_id}`, text: v.source.graph_id }), ` revision ${v.source.graph_revision ?? "?"}`]
          : "an upload"),
        h("td", { class: "description", text: v.description || "" }),
        h("td", { text: when(v.created_at) })))))
    : h("p", { class: "empty", text: "No versions." }), more);
}

// ---------------------------------------------------------------- datasets

function bytesText(bytes) {
  if (bytes == null) return "";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let [value, unit] = [bytes, 0];
  while (value >= 1000 && unit < units.length - 1) [value, unit] = [value / 1000, unit + 1];
  return `${unit ? value.toPrecision(3) : value} ${units[unit]}`;
}

// A listing page of `path`, newest first: `columns` are [heading, cell(item)].
async function listingPage(heading, path, params, id, columns, empty) {
  const view = current;
  const cursor = params.get("cursor");
  const query = new URLSearchParams({ limit: PAGE_SIZE });
  if (cursor) query.set("cursor", cursor);
  put(view, title(heading));
  const page = await api.getJson(`${path}?${query}`);
  put(view, page.items.length
    ? h("table", { class: "listing", id },
      h("thead", {}, h("tr", {}, columns.map(([c]) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, page.items.map((item) => h("tr", { "data-id": item.id }, columns.map(([, cell]) => cell(item))))))
    : h("p", { class: "empty", text: empty }));
  const nav = h("p", { class: "pager" });
  const here = location.hash.split("?")[0];
  if (cursor) put(nav, h("a", { href: here, text: "First page" }));
  if (page.next_cursor) put(nav, h("a", { href: `${here}?${new URLSearchParams({ cursor: page.next_cursor })}`, rel: "next", text: "Next page" }));
  put(view, nav);
}

function datasetsPage(params) {
  return listingPage("Datasets", "/v1/datasets", params, "datasets", [
    ["Name", (d) => h("td", {}, h("a", { href: `#/datasets/${d.id}`, class: "dataset-name", text: d.name }))],
    ["Status", (d) => h("td", { class: `status ${d.status}`, text: d.status })],
    ["Rows", (d) => h("td", { class: "num", text: d.rows })],
    ["Size", (d) => h("td", { class: "num", text: bytesText(d.bytes) })],
    ["Created", (d) => h("td", { text: when(d.created_at) })],
  ], "No datasets yet: upload one with the API, the Python client or the CLI.");
}

// Two clicks rather than a confirm() dialog, for what cannot be undone.
function twoStepButton(id, label, armedLabel, action) {
  const button = h("button", { type: "button", id, class: "danger", text: label });
  button.addEventListener("click", () => {
    if (button.dataset.armed !== "yes") {
      button.dataset.armed = "yes";
      button.textContent = armedLabel;
      return;
    }
    action();
  });
  return button;
}

async function datasetPage(id) {
  const view = current;
  const dataset = await api.getJson(`/v1/datasets/${id}`);
  const actions = h("div", { class: "actions" });
  put(actions, twoStepButton("delete-dataset", "Delete dataset", "Delete it and its files", () => guarded(async () => {
    await api.request("DELETE", `/v1/datasets/${id}`);
    location.hash = "#/datasets";
  }, actions)));
  const arrays = Object.entries(dataset.arrays || {});
  put(view, title(dataset.name),
    h("p", { class: "meta" }, h("code", { text: dataset.id }),
      ` · ${dataset.status} · ${dataset.rows} rows · ${bytesText(dataset.bytes)} · created ${when(dataset.created_at)}`),
    dataset.error ? problemView(new api.ApiProblem(0, dataset.error)) : null,
    actions,
    h("section", { class: "card", "aria-labelledby": "arrays-title" },
      h("h2", { id: "arrays-title", text: "Arrays" }),
      arrays.length
        ? h("table", { class: "listing", id: "arrays" },
          h("thead", {}, h("tr", {}, ["Name", "dtype", "Shape"].map((c) => h("th", { scope: "col", text: c })))),
          h("tbody", {}, arrays.map(([name, a]) => h("tr", {},
            h("td", {}, h("code", { text: name })), h("td", { text: a.dtype }), h("td", { text: shapeText(a.shape) })))))
        : h("p", { class: "empty", text: dataset.status === "pending" ? "Not complete yet: upload its files, then complete it." : "No arrays." })),
    h("section", { class: "card", "aria-labelledby": "files-title" },
      h("h2", { id: "files-title", text: "Files" }),
      h("table", { class: "listing", id: "files" },
        h("thead", {}, h("tr", {}, ["File", "Format", "Size"].map((c) => h("th", { scope: "col", text: c })))),
        h("tbody", {}, (dataset.files || []).map((f) => h("tr", {},
          h("td", {}, h("code", { text: f.name })), h("td", { text: f.format }), h("td", { class: "num", text: bytesText(f.bytes) })))))));
}

// ----------------------------------------------------------------- batches

function batchesPage(params) {
  return listingPage("Batches", "/v1/batches", params, "batches", [
    ["Batch", (b) => h("td", {}, h("a", { href: `#/batches/${b.id}`, text: b.id }))],
    ["Status", (b) => h("td", { class: `status ${b.status}`, text: b.status })],
    ["Rows", (b) => h("td", { class: "num", text: b.rows ?? "" })],
    ["Shards", (b) => h("td", { class: "num", text: b.shards_total ?? "" })],
    ["Dataset", (b) => h("td", {}, /^ds_[0-9a-f]+$/.test(b.dataset || "") ? h("a", { href: `#/datasets/${b.dataset}`, text: b.dataset }) : "")],
    ["Submitted", (b) => h("td", { text: when(b.created_at) })],
  ], "No batches yet: run a graph over a dataset with the API or the Python client.");
}

async function batchPage(id) {
  const view = current;
  const path = `/v1/batches/${id}`;
  const status = h("p", { class: "run-status", id: "batch-status" });
  const progress = h("progress", { id: "batch-progress", max: 1, value: 0, "aria-label": "Rows done" });
  const cancel = h("button", { type: "button", id: "cancel-batch", text: "Cancel batch", disabled: true });
  const trouble = h("div", { class: "run-trouble" });
  const result = h("div", { class: "run-result" });
  const source = h("p", { class: "meta" });
  put(view, title(`Batch ${id}`), source, h("section", { class: "card" }, status, trouble, progress, cancel, result));
  cancelsWith(cancel, path, result);
  await watch(path, trouble, stopped(status, cancel, "batch"), (batch) => {
    const ended = FINISHED.has(batch.status);
    const shards = batch.shards || {};
    status.textContent = `${batch.status} · ${batch.rows_done} of ${batch.rows} rows · ${shards.done ?? 0} of ${shards.total ?? "?"} shards done${shards.failed ? `, ${shards.failed} failed` : ""}${batch.rows_per_second ? ` · ${batch.rows_per_second} rows/s` : ""}`;
    status.dataset.status = batch.status;
    progress.max = batch.rows || 1;
    progress.value = batch.rows_done || 0;
    clear(source, "dataset ", /^ds_[0-9a-f]+$/.test(batch.dataset || "") ? h("a", { href: `#/datasets/${batch.dataset}`, text: batch.dataset }) : batch.dataset,
      " · graph ", /^g_[0-9a-f]+$/.test(batch.graph?.id || "") ? h("a", { href: `#/graphs/${batch.graph.id}`, text: batch.graph.id }) : "?",
      ` revision ${batch.graph?.revision ?? "?"} · fetches ${Object.entries(batch.fetches || {}).map(([alias, tensor]) => (alias === tensor ? alias : `${alias} = ${tensor}`)).join(", ")}`);
    if (!cancel.dataset.sent) cancel.disabled = ended;
    if (!ended) return false;
    clear(result, batch.error ? problemView(new api.ApiProblem(0, batch.error)) : null,
      (batch.outputs || []).length
        ? h("section", { "aria-labelledby": "outputs-title" }, h("h2", { id: "outputs-title", text: "Output shards (.npz, in row order)" }),
          h("ul", { id: "batch-outputs" }, batch.outputs.map((o) => h("li", {},
            /^https?:\/\//.test(o.url || "") ? h("a", { href: o.url, text: `shard ${o.shard}` }) : `shard ${o.shard}`,
            ` · rows ${o.start} to ${o.stop - 1}`))),
          h("p", { class: "hint", text: "The links last an hour; reload the page for new ones." }))
        : null);
    announce(`Batch ${batch.status}.`);
    return true;
  });
}
