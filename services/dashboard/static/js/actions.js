// The controls' confirmation: a click on a button with data-control asks the API what it will do (the preview),
// shows it in the page's one <dialog id="confirm-dialog"> (services, versions from -> to in order, blast radius),
// and only then sends the request, with the session's CSRF token, the reason, and in production the environment's
// name typed (Confirm stays disabled until it is, and a reason is given). The API's answer shows in the dialog:
// its error (403, 409, 422) as it says it, or what was published; the page itself updates from the live socket.

/** Whether Confirm may be pressed: production wants its name typed exactly and a reason. */
export function ready(preview, typed, reason) {
  if (!preview) return false;
  if (!preview.production) return true;
  return typed === preview.environment && reason.trim() !== "";
}

/** One step as the dialog lists it: "api 1.0 → 1.1 (wave 2)". */
export function stepText(step) {
  const wave = step.wave === null || step.wave === undefined ? "not in the plan" : `wave ${step.wave + 1}`;
  return `${step.service} ${step.from_version ?? "nothing yet"} → ${step.to_version ?? "unknown"} (${wave})`;
}

/** The request's body: what the preview says, with the reason and, in production, the typed name. */
export function bodyOf(preview, typed, reason) {
  const body = { ...preview.body, reason };
  if (preview.production) body.confirm = typed;
  return body;
}

export function errorText(status, answer) {
  const said = answer && typeof answer.error === "string" ? answer.error : "the dashboard did not say why";
  return `Refused (${status}): ${said}`;
}

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";

async function call(method, url, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrf();
  const answer = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try {
    json = await answer.json();
  } catch {
    // no JSON: the status says enough
  }
  return { status: answer.status, ok: answer.ok, json };
}

class Confirmation {
  constructor(dialog) {
    this.dialog = dialog;
    this.preview = null;
    this.sending = false;
    this.slot = (name) => dialog.querySelector(`[data-slot="${name}"]`);
    this.slot("close").addEventListener("click", () => dialog.close());
    this.slot("typed").addEventListener("input", () => this.check());
    this.slot("reason").addEventListener("input", () => this.check());
    this.slot("form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
  }

  async open(title, ask, reason = "") {
    this.preview = null;
    this.slot("title").textContent = title;
    this.slot("loading").hidden = false;
    this.slot("plan").hidden = true;
    this.slot("error").textContent = "";
    this.slot("done").textContent = "";
    this.slot("reason").value = reason;
    this.slot("typed").value = "";
    this.check();
    if (!this.dialog.open) this.dialog.showModal();
    const answer = await ask();
    this.slot("loading").hidden = true;
    if (!answer.ok) {
      this.slot("error").textContent = errorText(answer.status, answer.json);
      return;
    }
    this.show(answer.json);
  }

  show(preview) {
    this.preview = preview;
    this.slot("title").textContent = preview.title;
    this.slot("effect").textContent = preview.effect;
    this.slot("order").textContent = preview.order;
    const steps = preview.steps.map((step) => Object.assign(document.createElement("li"), { textContent: stepText(step) }));
    this.slot("steps").replaceChildren(...steps);
    this.slot("no-steps").hidden = steps.length > 0;
    const radius = preview.blast_radius.map((name) =>
      Object.assign(document.createElement("li"), {
        textContent: name,
        className: "rounded-full bg-amber-100 px-2 py-0.5 font-mono text-amber-900 dark:bg-amber-950 dark:text-amber-100",
      }),
    );
    this.slot("radius").replaceChildren(...radius);
    this.slot("no-radius").hidden = radius.length > 0;
    this.slot("production").hidden = !preview.production;
    this.slot("environment").textContent = preview.environment;
    this.slot("reason-need").textContent = preview.production ? "(required in production)" : "(optional)";
    this.slot("plan").hidden = false;
    this.check();
    (preview.production ? this.slot("typed") : this.slot("reason")).focus();
  }

  check() {
    const go = this.slot("go");
    go.disabled = this.sending || !ready(this.preview, this.slot("typed").value, this.slot("reason").value);
  }

  async send() {
    const preview = this.preview;
    if (!ready(preview, this.slot("typed").value, this.slot("reason").value)) return;
    this.sending = true;
    this.check();
    this.slot("error").textContent = "";
    const body = bodyOf(preview, this.slot("typed").value, this.slot("reason").value);
    const answer = await call(preview.method, preview.url, body);
    this.sending = false;
    if (answer.status === 202) {
      this.preview = null;
      const id = answer.json?.deployment_id ?? "";
      this.slot("done").textContent = `Done: asked for, published as event ${answer.json?.event_id ?? ""} of ${id}. The page follows it live.`;
      document.dispatchEvent(new CustomEvent("flightdeck:acted", { detail: answer.json }));
    } else {
      this.slot("error").textContent = errorText(answer.status, answer.json);
    }
    this.check();
  }
}

let confirmation = null;

function dialog() {
  const found = document.getElementById("confirm-dialog");
  if (found && !confirmation) confirmation = new Confirmation(found);
  return confirmation;
}

/** Opens the dialog for a new deployment: `asked` is the body POST /api/v1/deployments takes. */
export function confirmDeploy(asked, reason = "") {
  return dialog()?.open(`Deploy to ${asked.environment}`, () => call("POST", "/api/v1/deployments/preview", asked), reason);
}

function controlled(button) {
  const control = button.dataset.control;
  if (control === "deploy") {
    const { environment, service, version } = button.dataset;
    const versions = button.dataset.versions ? JSON.parse(button.dataset.versions) : { [service]: version };
    return confirmDeploy({ environment, versions, redeploy: button.dataset.redeploy === "true" }, button.dataset.reason ?? "");
  }
  const id = button.dataset.deployment;
  const query = new URLSearchParams({ control });
  (button.dataset.services || "").split(",").filter(Boolean).forEach((name) => query.append("services", name));
  const url = `/api/v1/deployments/${encodeURIComponent(id)}/preview?${query}`;
  return dialog()?.open(button.textContent.trim(), () => call("GET", url));
}

if (typeof document !== "undefined") {
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-control]") : null;
    if (button) controlled(button);
  });
}
