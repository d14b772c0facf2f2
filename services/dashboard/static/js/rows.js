// A deployment (GET /api/v1/deployments/{id}, or a live snapshot's) as the text of its row: the same words the
// server renders (services/dashboard/pages/views.py row_of), put in with textContent, never as HTML.

export const TERMINAL = new Set(["succeeded", "failed", "rejected", "cancelled", "rolled-back"]);

export function when(iso) {
  return `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function rowOf(view) {
  const versions = Object.keys(view.versions ?? {}).length
    ? view.versions
    : view.version
      ? { all: view.version }
      : {};
  const listed = Object.keys(versions)
    .sort()
    .map((service) => `${service} ${versions[service]}`);
  return {
    id: view.id,
    status: view.status,
    environment: view.environment,
    created: view.created_at,
    slots: {
      id: view.id,
      status: view.status,
      environment: view.environment,
      created: when(view.created_at),
      versions: listed.join(", ") || "—",
      "requested-by": view.requested_by,
      reason: view.reason ? ` — ${view.reason}` : "",
    },
  };
}

export function fill(item, row) {
  item.dataset.deployment = row.id;
  item.dataset.status = row.status;
  item.dataset.created = row.created;
  for (const [slot, value] of Object.entries(row.slots)) {
    const part = item.querySelector(`[data-slot="${slot}"]`);
    if (part) part.textContent = value;
  }
  item.querySelector('[data-slot="status"]').dataset.status = row.status;
  item.querySelector('[data-slot="created"]').setAttribute("datetime", new Date(row.created).toISOString());
}
