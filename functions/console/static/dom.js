// Building the page from data: text is only ever set as text (textContent,
// attribute values), never parsed as markup, so a graph, node or tag name
// shows as the characters it is.
import { ApiProblem } from "./api.js";

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  if (tag === "table" && element.classList.contains("listing")) labelCells(element);
  return element;
}

// On a narrow screen a listing's rows stack (console.css); each cell then
// shows its column's name from data-label.
function labelCells(table) {
  const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.cells].forEach((cell, i) => cell.setAttribute("data-label", names[i] || ""));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function svg(tag, attrs = {}) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
}

export function announce(message) {
  const status = document.getElementById("status");
  if (status) status.textContent = message;
}

export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

// Element.append, but skipping null, undefined and false (which append would
// show as text) and flattening arrays.
export function put(parent, ...children) {
  append(parent, children);
  return parent;
}

// An error as the user reads it: the API's problem (code, status, detail, each
// errors[] entry, its request id, the wait it names), or what went wrong here.
export function problemView(error) {
  if (!(error instanceof ApiProblem)) {
    return h("div", { class: "problem", role: "alert" }, h("strong", { text: "Error: " }), String(error?.message || error));
  }
  return h("div", { class: "problem", role: "alert", "data-code": error.code },
    h("p", {}, h("strong", { class: "code", text: error.code }), error.status ? ` (${error.status}) ` : " ", error.detail || error.title),
    error.errors.length
      ? h("ul", {}, error.errors.map((e) => h("li", {},
        e.node ? h("code", { class: "node-ref", text: e.node }) : null,
        e.pointer ? h("code", { text: e.pointer }) : null,
        ` ${e.code || ""} ${e.message || ""}`)))
      : null,
    error.retryAfter > 0 ? h("p", { class: "hint", text: `The API asks to wait ${error.retryAfter} s before trying again.` }) : null,
    error.requestId ? h("p", { class: "hint", text: `request id ${error.requestId}` }) : null);
}
