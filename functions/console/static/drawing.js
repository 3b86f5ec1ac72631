// The graph drawing: the server lays it out (GET /v1/graphs/{id} with
// Accept: image/svg+xml, graphgate_service/graph_drawing.py), this module adds
// pan and zoom, opening and closing name scopes, node details, and the
// highlighting of the nodes an error names.
import { getJson, request } from "./api.js";
import { announce, clear, h, problemView, put } from "./dom.js";

const ZOOM_STEP = 1.25;

function scopesOf(names) {
  const found = new Set();
  for (const name of names) {
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i += 1) found.add(parts.slice(0, i).join("/"));
  }
  return [...found].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

// Defence in depth: the server escapes every name, and the page's CSP runs no
// inline script; still, nothing active crosses into the page.
function inert(root) {
  for (const element of root.querySelectorAll("script, foreignObject, style")) element.remove();
  for (const element of [root, ...root.querySelectorAll("*")]) {
    for (const attribute of [...element.attributes]) {
      if (attribute.name.toLowerCase().startsWith("on") || /^\s*javascript:/i.test(attribute.value)) {
        element.removeAttribute(attribute.name);
      }
    }
  }
  return root;
}

export class Drawing {
  constructor(graph) {
    this.graph = graph;
    this.revision = null; // null: the current revision
    this.describe(graph.signature);
    this.expanded = null; // null: the server's default
    this.highlighted = [];
    this.onShown = null; // told what is drawn ({revision, expanded}) after each drawing
    this.viewport = h("div", {
      class: "viewport",
      tabindex: "0",
      "aria-label": "Graph drawing: drag to pan, wheel or + and - to zoom, arrow keys to move",
    });
    this.details = h("div", { class: "node-details", "aria-live": "polite" },
      h("p", { class: "hint", text: "Select a node (click, or Tab then Enter) to see its op type, dtype and shape." }));
    this.scopeList = h("div", { class: "scope-list" });
    this.notice = h("div", { class: "drawing-notice" }); // why the last redraw did not happen
    this.heading = h("h2", { id: "drawing-title", text: "Drawing" });
    this.element = h("section", { class: "drawing card", "aria-labelledby": "drawing-title" },
      this.heading,
      h("div", { class: "toolbar" },
        h("button", { type: "button", onclick: () => this.zoom(1 / ZOOM_STEP), "aria-label": "Zoom in", text: "+" }),
        h("button", { type: "button", onclick: () => this.zoom(ZOOM_STEP), "aria-label": "Zoom out", text: "−" }),
        h("button", { type: "button", onclick: () => this.fit(), text: "Fit" }),
        h("button", { type: "button", onclick: () => this.show(this.scopes), text: "Open all scopes" }),
        h("button", { type: "button", onclick: () => this.show([]), text: "Collapse all" }),
        h("a", { class: "svg-link", href: "#", onclick: (e) => this.download(e), text: "Download SVG" }),
        this.finder(),
        // Every box is a tab stop (a 2,000-node graph opened is 2,000 of them), and
        // so is every scope's box in the side list: this link jumps past them all.
        h("a", { class: "skip-drawing", href: "#", onclick: (e) => this.skipPast(e), text: "Skip past the drawing" })),
      this.notice,
      h("div", { class: "drawing-body" }, this.viewport,
        h("aside", { class: "drawing-side" }, this.details, this.scopeList)));
    this.describe(graph.signature); // again, now that the finder's list exists
    this.bindPanZoom();
  }

  // Find a node by name: its scopes open, it is selected and brought to the centre.
  finder() {
    this.names = h("datalist", { id: "node-names" });
    const input = h("input", { id: "find-node", list: "node-names", autocomplete: "off", spellcheck: "false" });
    const form = h("form", { class: "finder", role: "search" },
      h("label", { for: "find-node", text: "Find a node" }), input, this.names,
      h("button", { type: "submit", text: "Find" }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.find(input.value.trim());
    });
    return form;
  }

  async find(name) {
    if (!this.nodes.has(name)) {
      announce(`No node named ${name}.`);
      return;
    }
    // Its enclosing scopes, and its own name when that is a scope too ("w" beside
    // "w/Assign"): the drawing folds such a node into the scope it names.
    const parts = name.split("/");
    const enclosing = parts.map((_, i) => parts.slice(0, i + 1).join("/")).filter((s) => this.scopes.includes(s));
    const open = this.expanded || [];
    if (enclosing.some((scope) => !open.includes(scope))) {
      await this.show([...new Set([...open, ...enclosing])]);
    }
    const box = this.svg.querySelector(`g.node[data-name="${CSS.escape(name)}"]`);
    if (!box) return;
    this.select(box);
    const bounds = box.getBBox();
    this.centre(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
    box.focus();
  }

  describe(signature) {
    this.nodes = new Map((signature?.nodes || []).map((n) => [n.name, n]));
    this.scopes = scopesOf(this.nodes.keys());
    if (this.names) clear(this.names, [...this.nodes.keys()].map((name) => h("option", { value: name })));
  }

  // Draws another revision (null: the current one), with that revision's own nodes
  // and these scopes open (null: the server's default).
  async showRevision(number, expanded = null) {
    const id = encodeURIComponent(this.graph.id);
    const past = number === this.graph.revision ? null : number;
    this.describe(past === null ? this.graph.signature : (await getJson(`/v1/graphs/${id}/revisions/${past}`)).signature);
    this.revision = past;
    this.expanded = expanded;
    this.heading.textContent = past === null ? "Drawing" : `Drawing of revision ${past}`;
    clear(this.details);
    await this.load();
  }

  async load() {
    const query = new URLSearchParams();
    if (this.expanded !== null) query.set("expand", this.expanded.join(","));
    const id = encodeURIComponent(this.graph.id);
    const base = this.revision === null ? `/v1/graphs/${id}` : `/v1/graphs/${id}/revisions/${this.revision}`;
    const path = `${base}${query.size ? `?${query}` : ""}`;
    // What is shown stays until its replacement arrives: a refused redraw leaves it.
    if (!this.svg) clear(this.viewport, h("p", { class: "hint", text: "Drawing…" }));
    this.viewport.setAttribute("aria-busy", "true");
    let text;
    try {
      text = await (await request("GET", path, { accept: "image/svg+xml" })).text();
    } finally {
      this.viewport.removeAttribute("aria-busy");
    }
    this.svgText = text;
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    if (parsed.querySelector("parsererror")) throw new Error("the drawing could not be read");
    const root = document.importNode(inert(parsed.documentElement), true);
    this.size = root.viewBox.baseVal;
    this.full = { x: this.size.x, y: this.size.y, w: this.size.width, h: this.size.height };
    root.setAttribute("width", "100%");
    root.setAttribute("height", "100%");
    this.svg = root;
    const opened = root.getAttribute("data-expanded");
    this.expanded = opened ? opened.split(",") : [];
    clear(this.viewport, root);
    clear(this.notice);
    this.bindNodes();
    this.renderScopes();
    this.fit();
    this.mark(this.highlighted);
    announce(`Drawing shows ${root.querySelectorAll("g.node").length} boxes.`);
    this.onShown?.({ revision: this.revision, expanded: this.expanded });
  }

  // Redraws with these scopes open (null: those the server opens by default). A
  // refusal (422 DRAWING_TOO_LARGE: too many boxes) or a failure is shown above
  // the drawing, which stays as it was.
  async show(expanded) {
    const before = this.expanded;
    this.expanded = expanded === null ? null : [...expanded];
    try {
      await this.load();
      return true;
    } catch (error) {
      this.expanded = before;
      if (this.svg) this.renderScopes();
      else clear(this.viewport, h("p", { class: "hint", text: "Not drawn." }));
      clear(this.notice, problemView(error));
      announce(`The drawing was not changed: ${error.code || error.message}`);
      return false;
    }
  }

  renderScopes() {
    if (!this.scopes.length) {
      clear(this.scopeList);
      return;
    }
    const open = new Set(this.expanded);
    const items = this.scopes.map((scope, i) => {
      const depth = scope.split("/").length - 1;
      // By position, not by name: "a.b" and "a_b" would make one id, and one
      // scope's label would tick the other's box.
      const id = `scope-${i}`;
      const parentOpen = depth === 0 || open.has(scope.split("/").slice(0, -1).join("/"));
      return h("li", { class: `depth-${Math.min(depth, 6)}`, hidden: !parentOpen },
        h("input", {
          type: "checkbox", id, checked: open.has(scope), "data-scope": scope,
          onchange: (event) => this.toggle(scope, event.target.checked),
        }),
        h("label", { for: id, text: scope.split("/").pop() + "/" }));
    });
    clear(this.scopeList, h("h3", { text: `Name scopes (${this.scopes.length})` }), h("ul", {}, items));
  }

  async toggle(scope, open) {
    const next = new Set(this.expanded);
    if (open) next.add(scope);
    else for (const s of [...next]) if (s === scope || s.startsWith(`${scope}/`)) next.delete(s);
    await this.show([...next]);
  }

  bindNodes() {
    for (const node of this.svg.querySelectorAll("g.node")) {
      const activate = () => this.select(node);
      node.addEventListener("click", activate);
      node.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          activate();
        }
      });
    }
  }

  select(node) {
    const name = node.getAttribute("data-name");
    for (const other of this.svg.querySelectorAll("g.node.selected")) other.classList.remove("selected");
    node.classList.add("selected");
    if (node.getAttribute("data-kind") === "scope") {
      this.toggle(name, true);
      return;
    }
    const described = this.nodes.get(name);
    const outputs = described?.outputs || [];
    const scope = name.includes("/") ? name.split("/").slice(0, -1).join("/") : null;
    clear(this.details,
      h("h3", { text: name }),
      h("dl", {},
        h("dt", { text: "op" }), h("dd", { text: node.getAttribute("data-op") || "" }),
        outputs.length
          ? outputs.map((o, i) => [h("dt", { text: `output ${i}` }),
            h("dd", { text: `${o.dtype} ${o.shape === null ? "unknown shape" : `[${o.shape.map((d) => (d === null ? "?" : d)).join(", ")}]`}` })])
          : [h("dt", { text: "outputs" }), h("dd", { text: "none" })]),
      h("button", {
        type: "button",
        class: "pick-fetch",
        onclick: () => this.element.dispatchEvent(new CustomEvent("pick", { detail: name })),
        text: "Fetch it in the run",
      }),
      scope && this.expanded.includes(scope)
        ? h("button", { type: "button", onclick: () => this.toggle(scope, false), text: `Collapse ${scope}/` })
        : null);
  }

  // The boxes that show `names`: the node itself, or the collapsed scope holding it.
  boxesFor(names) {
    const boxes = [];
    for (const name of names) {
      let box = this.svg?.querySelector(`g.node[data-name="${CSS.escape(name)}"]`);
      const parts = name.split("/");
      for (let i = 1; !box && i < parts.length; i += 1) {
        box = this.svg.querySelector(`g.node.scope[data-name="${CSS.escape(parts.slice(0, i).join("/"))}"]`);
      }
      if (box) boxes.push(box);
    }
    return boxes;
  }

  highlight(names) {
    this.highlighted = names;
    this.mark(names);
  }

  mark(names) {
    if (!this.svg) return;
    for (const box of this.svg.querySelectorAll("g.node.error")) box.classList.remove("error");
    const boxes = this.boxesFor(names);
    for (const box of boxes) box.classList.add("error");
    if (boxes.length) {
      const bounds = boxes[0].getBBox();
      this.centre(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
    }
  }

  // ------------------------------------------------------------ pan and zoom
  setView(view) {
    this.view = view;
    this.svg?.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  }

  fit() {
    if (!this.full) return;
    const aspect = this.viewport.clientWidth / Math.max(1, this.viewport.clientHeight) || 1.6;
    // A tall graph is shown at a readable width, from its top, rather than shrunk to a thread.
    const w = Math.max(this.full.w, Math.min(this.full.h * aspect, 1400));
    const h = w / aspect;
    this.setView({ x: this.full.x - (w - this.full.w) / 2, y: this.full.y, w, h });
  }

  zoom(factor, cx, cy) {
    if (!this.view) return;
    const v = this.view;
    const x = cx ?? v.x + v.w / 2;
    const y = cy ?? v.y + v.h / 2;
    const w = Math.min(Math.max(v.w * factor, 40), Math.max(this.full.w, this.full.h) * 4);
    const scale = w / v.w;
    this.setView({ x: x - (x - v.x) * scale, y: y - (y - v.y) * scale, w, h: v.h * scale });
  }

  centre(x, y) {
    if (!this.view) return;
    this.setView({ ...this.view, x: x - this.view.w / 2, y: y - this.view.h / 2 });
  }

  bindPanZoom() {
    let drag = null;
    const toView = (event) => {
      const box = this.viewport.getBoundingClientRect();
      return {
        x: this.view.x + ((event.clientX - box.left) / box.width) * this.view.w,
        y: this.view.y + ((event.clientY - box.top) / box.height) * this.view.h,
      };
    };
    this.viewport.addEventListener("wheel", (event) => {
      if (!this.view) return;
      event.preventDefault();
      const at = toView(event);
      this.zoom(event.deltaY > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, at.x, at.y);
    }, { passive: false });
    this.viewport.addEventListener("pointerdown", (event) => {
      if (!this.view || event.target.closest?.("g.node")) return;
      drag = { x: event.clientX, y: event.clientY, view: { ...this.view } };
      this.viewport.setPointerCapture(event.pointerId);
    });
    this.viewport.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const box = this.viewport.getBoundingClientRect();
      const dx = ((event.clientX - drag.x) / box.width) * drag.view.w;
      const dy = ((event.clientY - drag.y) / box.height) * drag.view.h;
      this.setView({ ...drag.view, x: drag.view.x - dx, y: drag.view.y - dy });
    });
    const end = () => { drag = null; };
    this.viewport.addEventListener("pointerup", end);
    this.viewport.addEventListener("pointercancel", end);
    this.viewport.addEventListener("keydown", (event) => {
      if (!this.view || event.target !== this.viewport) return;
      const step = this.view.w / 10;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        const [dx, dy] = moves[event.key];
        this.setView({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
      } else if (event.key === "+" || event.key === "=") this.zoom(1 / ZOOM_STEP);
      else if (event.key === "-") this.zoom(ZOOM_STEP);
      else if (event.key === "0") this.fit();
      else return;
      event.preventDefault();
    });
  }

  // The focus goes to the first control after the drawing (the run form's, on a graph's page).
  skipPast(event) {
    event.preventDefault();
    const after = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].find((el) =>
      this.element.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
      && !this.element.contains(el) && el.tabIndex >= 0 && !el.disabled && !el.closest("[hidden]"));
    after?.focus();
  }

  download(event) {
    event.preventDefault();
    if (!this.svgText) return;
    const url = URL.createObjectURL(new Blob([this.svgText], { type: "image/svg+xml" }));
    const link = h("a", { href: url, download: `${this.graph.name || this.graph.id}.svg` });
    put(document.body, link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
