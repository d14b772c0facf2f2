// Start a deployment: the form's environment, one version for every service and/or a version per service, and
// the reason, turned into the body POST /api/v1/deployments takes; the confirmation dialog shows what it will do
// (the API's preview) before it is sent.
import { confirmDeploy } from "./actions.js";

/** The request body from the form's values; an error in words when nothing says what to deploy. */
export function deployBody(environment, version, perService) {
  const versions = {};
  for (const [service, wanted] of Object.entries(perService)) if (wanted.trim()) versions[service] = wanted.trim();
  const body = { environment };
  if (version.trim()) body.version = version.trim();
  if (Object.keys(versions).length) body.versions = versions;
  if (!body.version && !body.versions) return { error: "Say what to deploy: a version for every service, or a version for a service." };
  return { body };
}

const form = typeof document === "undefined" ? null : document.getElementById("deploy-form");
form?.addEventListener("submit", (event) => {
  event.preventDefault();
  const perService = {};
  form.querySelectorAll("input[data-service]").forEach((input) => {
    perService[input.dataset.service] = input.value;
  });
  const made = deployBody(form.elements.environment.value, form.elements.version.value, perService);
  form.querySelector('[data-slot="form-error"]').textContent = made.error ?? "";
  if (made.body) confirmDeploy(made.body, form.elements.reason.value);
});
