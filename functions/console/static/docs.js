// /docs: Swagger UI over the API document, "Try it out" calling this origin
// with the console's signed-in key and a fresh token (api.js renews it).
import { authHeaders, BASE, signedIn } from "./api.js";

const note = document.getElementById("docs-note");

// The API document, or null: a page that cannot load it says so in words rather
// than staying blank with an unhandled rejection in the browser's console.
async function apiDocument() {
  try {
    const response = await fetch("console/openapi.json", { cache: "no-cache" });
    if (response.ok) return await response.json();
  } catch {
    // the network: said below
  }
  note.textContent = "Could not load the API document (a network error or the API failing): reload to try again.";
  note.setAttribute("role", "alert");
  return null;
}

async function start() {
  const spec = await apiDocument();
  if (!spec) return;
  spec.servers = [{ url: location.origin + BASE, description: "this deployment" }];
  if (signedIn()) {
    document.getElementById("who").textContent = "Signed in";
    note.textContent = "Try it out sends your signed-in API key and a token.";
  } else {
    note.textContent = "Sign in on the console first and Try it out sends your key and a token.";
  }
  window.SwaggerUIBundle({
    spec,
    dom_id: "#swagger",
    deepLinking: false,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
    showMutatedRequest: false, // the shown curl command carries no credential
    displayRequestDuration: true,
    // Credentials are added per request and never shown in the page or its URL.
    requestInterceptor: async (request) => {
      if (signedIn() && new URL(request.url, location.href).origin === location.origin) {
        Object.assign(request.headers, await authHeaders());
      }
      return request;
    },
  });
}

function ready() {
  if (window.SwaggerUIBundle) start();
  else window.addEventListener("load", start, { once: true });
}

ready();
