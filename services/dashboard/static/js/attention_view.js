// What waits for a person, decided as services/dashboard/pages/attention_view.py decides it: the read model's
// deployments and, per environment, what the rollback service found there, in; needs with their action, out.
import { TERMINAL } from "./rows.js";

export const deploymentPage = (id) => `/deployments/${encodeURIComponent(id)}`;
export const servicesPage = (environment) => `/services?environment=${encodeURIComponent(environment)}`;

export function environmentsOf(views, found) {
  return [...new Set([...views.map((view) => view.environment), ...Object.keys(found)])].sort();
}

function deployments(views, environment) {
  const mine = views
    .filter((view) => view.environment === environment)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .reverse();
  const needs = [];
  for (const view of mine) {
    const href = deploymentPage(view.id);
    if (view.status === "paused") {
      const why = view.pause?.reason || view.failure || "a service failed";
      needs.push({ kind: "paused", environment, text: `${view.id} in ${environment} is paused: ${why}`, action: "Resume or roll back", href });
    } else if (view.status === "awaiting-approval") {
      needs.push({ kind: "approval", environment, text: `${view.id} in ${environment} waits for approval`, action: "Approve or reject", href });
    }
  }
  const last = mine.find((view) => TERMINAL.has(view.status));
  if (last && last.status === "failed") {
    const text = `${last.id} in ${environment} failed and was not rolled back${last.failure ? `: ${last.failure}` : ""}`;
    needs.push({ kind: "failed", environment, text, action: "Roll back", href: deploymentPage(last.id) });
  }
  return needs;
}

function foundThere(environment, found) {
  const needs = [];
  const drift = found.drift ?? {};
  for (const service of Object.keys(drift).sort()) {
    const text = `${service} in ${environment} runs ${drift[service].reported} where ${drift[service].desired} was deployed`;
    needs.push({ kind: "drift", environment, text, action: "See the service", href: servicesPage(environment) });
  }
  for (const incident of found.incidents ?? []) {
    const text = `Incident ${incident.incident_id} in ${environment} is open: ${incident.title ?? ""}`;
    const href = incident.deployment_id ? deploymentPage(incident.deployment_id) : servicesPage(environment);
    needs.push({ kind: "incident", environment, text, action: "Open the incident's deployment", href });
  }
  return needs;
}

export function needsOf(views, found) {
  return environmentsOf(views, found).flatMap((environment) => [
    ...deployments(views, environment),
    ...foundThere(environment, found[environment] ?? {}),
  ]);
}
