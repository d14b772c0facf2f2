// An API token (GET/POST/DELETE /api/v1/tokens) as the text of its row, the same words the server renders
// (services/dashboard/pages/account_view.py token_row); and revoking one from its row, after a confirmation.
import { when } from "./rows.js";

function scope(environments) {
  return environments.includes("*") ? "every environment" : environments.join(", ") || "no environment";
}

export function tokenState(token, now) {
  if (token.revoked_at) return "revoked";
  return token.expires_at && Date.parse(token.expires_at) <= now ? "expired" : "active";
}

export function tokenRowOf(token, now) {
  return {
    id: token.id,
    state: tokenState(token, now),
    slots: {
      name: token.name,
      state: tokenState(token, now),
      owner: token.owner,
      scope: `${token.role} in ${scope(token.environments)}`,
      created: `made ${when(token.created_at)}`,
      expires: token.expires_at ? `expires ${when(token.expires_at)}` : "never expires",
      "last-used": token.last_used_at ? `last used ${when(token.last_used_at)}` : "never used",
      "revoked-sep": token.revoked_at ? ", " : "",
      revoked: token.revoked_at ? `revoked ${when(token.revoked_at)}` : "",
    },
  };
}

export function fillToken(item, row) {
  item.dataset.token = row.id;
  item.dataset.state = row.state;
  for (const [slot, value] of Object.entries(row.slots)) {
    const part = item.querySelector(`[data-slot="${slot}"]`);
    if (part) part.textContent = value;
  }
  const revoke = item.querySelector("[data-revoke]");
  if (revoke && row.state !== "active") revoke.remove();
  else if (revoke) revoke.textContent = `Revoke ${row.slots.name}`;
}

/** Revoking from the rows of `list`; `csrfToken` gives the session's token for the DELETE. */
export function revoking(list, csrfToken) {
  list.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-revoke]");
    if (!button) return;
    const item = button.closest("li");
    const name = item.querySelector('[data-slot="name"]').textContent;
    if (!window.confirm(`Revoke the token ${name}? Whatever uses it is refused from now on.`)) return;
    button.disabled = true;
    const answer = await fetch(`/api/v1/tokens/${encodeURIComponent(item.dataset.token)}`, {
      method: "DELETE",
      headers: { Accept: "application/json", "X-CSRF-Token": csrfToken() },
    });
    if (answer.ok) fillToken(item, tokenRowOf(await answer.json(), Date.now()));
    else {
      button.disabled = false;
      button.textContent = `Revoking failed (HTTP ${answer.status}): try again`;
    }
  });
}
