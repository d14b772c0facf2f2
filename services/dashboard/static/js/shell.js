// What every signed-in page has: the live badge, the user menu (Escape closes it) and signing out, which posts to
// /api/v1/logout with the session's CSRF token from <meta name="csrf-token">.
import { live } from "./live.js";

const LABELS = { connecting: "connecting", live: "live", reconnecting: "reconnecting", stale: "stale" };
const HINTS = {
  connecting: "Connecting to live updates",
  live: "Updates arrive as they happen",
  reconnecting: "Connection lost: reconnecting",
  stale: "No connection for a while: what this page shows may be out of date",
};

export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? "";
}

function showStatus({ state }) {
  const badge = document.getElementById("live-status");
  if (!badge) return;
  badge.dataset.state = state;
  badge.title = HINTS[state] ?? "";
  badge.querySelector('[data-slot="label"]').textContent = LABELS[state] ?? state;
}

function signOut(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await fetch("/api/v1/logout", { method: "POST", headers: { "X-CSRF-Token": csrfToken() } });
    } finally {
      window.location.assign("/login");
    }
  });
}

function userMenu(menu) {
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary")?.focus();
    }
  });
}

live.on("status", showStatus);
document.querySelectorAll("form[data-sign-out]").forEach(signOut);
document.querySelectorAll("details[data-user-menu]").forEach(userMenu);
