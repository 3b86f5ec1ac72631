// The signed-in API: the key and its tokens, kept in this tab's sessionStorage
// only (never localStorage, a URL or a log line), renewed as the Python client
// renews them (graphgate/client/auth.py): refreshed shortly before expiry, a
// refresh never retried (a spent refresh token presented again revokes the
// whole login), any failed refresh falling back to a fresh login with the key.

const STORE = "graphgate.console";
// Refresh this long before expiry, so a token never expires in flight.
const REFRESH_MARGIN_MS = 30_000;
const MAX_RETRY_WAIT_S = 5;

// The API shares the page's origin and stage: /staging/console -> /staging.
export const BASE = location.pathname.replace(/\/(console|docs)(\/.*)?$/, "");

export class ApiProblem extends Error {
  constructor(status, problem, retryAfter = null) {
    const doc = problem && typeof problem === "object" ? problem : {};
    super(doc.detail || doc.title || doc.message || `HTTP ${status}`);
    this.status = status;
    this.code = doc.code || `HTTP_${status}`;
    this.title = doc.title || "";
    this.detail = doc.detail || doc.message || "";
    this.errors = Array.isArray(doc.errors) ? doc.errors : [];
    this.requestId = doc.request_id || "";
    this.retryAfter = retryAfter; // seconds, when the API named a wait (429, 503)
    this.problem = doc;
  }

  // The graph nodes the problem names (engine errors carry errors[].node).
  get nodes() {
    return this.errors.map((e) => e && e.node).filter((n) => typeof n === "string");
  }
}

export class SignedOut extends Error {}

// No answer at all: offline, the connection dropped, the API is down.
export class Unreachable extends Error {
  constructor() {
    super("Could not reach the API (a network error). Check the connection and try again.");
  }
}

// A failure that may pass by itself: no answer, a throttle, the service failing.
export function transient(error) {
  return error instanceof Unreachable || (error instanceof ApiProblem && (error.status === 429 || error.status >= 500));
}

export const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(STORE));
  } catch {
    return null;
  }
}

function save(state) {
  sessionStorage.setItem(STORE, JSON.stringify(state));
}

export function signedIn() {
  return load() !== null;
}

export function scopes() {
  return (load()?.scope || "").split(" ").filter(Boolean);
}

// JSON with integers exact to 64 bits, as the wire format writes them: an INT64
// or UINT64 entry past 2**53 (9007199254740993) is a BigInt here, not float64's
// neighbour of it (9007199254740992), and is written back digit for digit.
// Every other number stays a Number.
export function parseJson(text) {
  return JSON.parse(text, (key, value, context) => {
    if (typeof value !== "number" || Number.isSafeInteger(value) || !context) return value;
    return /^-?\d+$/.test(context.source) ? BigInt(context.source) : value;
  });
}

export function stringifyJson(value) {
  return JSON.stringify(value, (key, item) => (typeof item === "bigint" ? JSON.rawJSON(String(item)) : item));
}

async function body(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return parseJson(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

async function grant(key, request) {
  const started = Date.now();
  let response;
  try {
    response = await fetch(`${BASE}/v1/tokens`, {
      method: "POST",
      cache: "no-store",
      headers: { "x-api-key": key, "Content-Type": "application/json" },
      body: JSON.stringify(request),
    });
  } catch {
    throw new Unreachable(); // so a renewal that fails on the network says so in words
  }
  const doc = await body(response);
  if (!response.ok) throw new ApiProblem(response.status, doc);
  return {
    key,
    access: doc.access_token,
    accessExpiresAt: started + doc.expires_in * 1000,
    refresh: doc.refresh_token || null,
    refreshExpiresAt: doc.refresh_expires_in == null ? null : started + doc.refresh_expires_in * 1000,
    scope: doc.scope || "",
  };
}

export async function signIn(key) {
  sessionStorage.removeItem(STORE); // nothing of an earlier sign-in survives
  save(await grant(key.trim(), {}));
}

// Revokes the login (its refresh token, and with it every access token issued
// from it), then forgets everything this tab stored. The access token that
// authorises the revocation may have expired while the tab sat idle: it is
// renewed first (rotating the refresh token, so the one revoked is the one
// current when the call is made), and one the API refuses is replaced once.
export async function signOut() {
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const state = await credentials();
      const response = await fetch(`${BASE}/v1/tokens/revoke`, {
        method: "POST",
        cache: "no-store",
        headers: {
          "x-api-key": state.key,
          Authorization: `Bearer ${state.access}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ token: state.refresh || state.access }),
      });
      if (response.status !== 401) break;
      invalidate(state.access);
    }
  } catch {
    // Signed out here either way (not signed in, key refused, API unreachable).
  } finally {
    sessionStorage.clear();
  }
}

async function renew(state) {
  const usable = state.refreshExpiresAt === null || Date.now() < state.refreshExpiresAt - REFRESH_MARGIN_MS;
  if (state.refresh && usable) {
    try {
      return await grant(state.key, { grant_type: "refresh_token", refresh_token: state.refresh });
    } catch {
      // Spent, revoked or unknown: log in again with the key.
    }
  }
  return grant(state.key, {});
}

let renewing = null; // one renewal at a time: a refresh token is spent once

async function credentials() {
  const state = load();
  if (!state) throw new SignedOut("not signed in");
  if (Date.now() < state.accessExpiresAt - REFRESH_MARGIN_MS) return state;
  if (!renewing) {
    renewing = renew(state)
      .then((fresh) => {
        if (load()?.key === state.key) save(fresh); // not after a sign-out meanwhile
        return fresh;
      })
      .finally(() => {
        renewing = null;
      });
  }
  return renewing;
}

function invalidate(access) {
  const state = load();
  if (state && state.access === access) {
    state.accessExpiresAt = 0; // its refresh token may still serve
    save(state);
  }
}

// The headers a call needs; for pages (the API docs) that make calls themselves.
export async function authHeaders() {
  const state = await credentials();
  return { "x-api-key": state.key, Authorization: `Bearer ${state.access}` };
}

// One API call; problem+json answers throw ApiProblem. A token the API refuses
// (revoked, signing key rotated) is replaced once, as the Python client does.
export async function request(method, path, options = {}) {
  activity(1);
  try {
    return await call(method, path, options);
  } finally {
    activity(-1);
  }
}

// Calls in flight, retries and their waits included: a page can say it is waiting.
let inFlight = 0;
const listeners = new Set();

export function onActivity(listener) {
  listeners.add(listener);
}

function activity(change) {
  inFlight += change;
  for (const listener of listeners) listener(inFlight);
}

async function call(method, path, { json, accept, headers }) {
  for (let attempt = 0; ; attempt += 1) {
    const state = await credentials();
    const sent = {
      "x-api-key": state.key,
      Authorization: `Bearer ${state.access}`,
      Accept: accept || "application/json",
      ...headers,
    };
    const init = { method, headers: sent, cache: "no-store" };
    if (json !== undefined) {
      sent["Content-Type"] = "application/json";
      init.body = stringifyJson(json);
    }
    let response;
    try {
      response = await fetch(BASE + path, init);
    } catch {
      // No answer: a read is tried again (twice at most), a write is not: it may have happened.
      if (method === "GET" && attempt < 2) {
        await sleep(1);
        continue;
      }
      throw new Unreachable();
    }
    if (response.status === 401 && attempt === 0) {
      invalidate(state.access);
      continue;
    }
    // A read throttled (429) or refused for now (503) is retried after the
    // delay the API names, twice at most; a write is not: it may have happened.
    const after = response.headers.get("Retry-After");
    const wait = Number(after); // none: 0, at once; an HTTP date: NaN, never
    if ([429, 503].includes(response.status) && method === "GET" && attempt < 2 && wait <= MAX_RETRY_WAIT_S) {
      await sleep(Math.max(wait, 0.2));
      continue;
    }
    if (!response.ok) {
      throw new ApiProblem(response.status, await body(response), after !== null && Number.isFinite(wait) ? wait : null);
    }
    return response;
  }
}

export async function getJson(path) {
  return parseJson(await (await request("GET", path)).text());
}

export async function send(method, path, json, headers) {
  const response = await request(method, path, { json, headers });
  return { status: response.status, location: response.headers.get("Location"), body: await body(response) };
}
