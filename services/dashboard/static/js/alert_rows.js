// An alert of GET /api/v1/alerts/groups and a silence of GET /api/v1/silences as the text of their rows: the same
// words the server renders (services/dashboard/pages/alerts_view.py), put in with textContent, never as HTML.
import { when } from "./rows.js";

export function mayActIn(actsIn, environment) {
  const where = actsIn.split(" ").filter(Boolean);
  return where.includes("*") || where.includes(environment);
}

export function groupTitle(labels) {
  const shown = Object.entries(labels)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name} ${value}`);
  return shown.join(" · ") || "everything else";
}

export function alertRowOf(alert, actsIn) {
  const ack = alert.acknowledged;
  return {
    fingerprint: alert.fingerprint,
    state: alert.silenced_by ? "silenced" : ack ? "acknowledged" : "firing",
    severity: alert.severity,
    environment: alert.environment,
    since: alert.starts_at,
    mayAck: !ack && mayActIn(actsIn, alert.environment),
    slots: {
      severity: alert.severity,
      name: alert.name,
      subject: alert.service || (alert.services ?? []).join(", ") || alert.deployment_id || "—",
      environment: alert.environment,
      summary: alert.summary,
      since: `since ${when(alert.starts_at)}`,
      acknowledged: ack ? `Acknowledged by ${ack.by} at ${when(ack.at)}${ack.comment ? `: ${ack.comment}` : ""}` : "",
      escalated: alert.escalation_level > 0
        ? `Escalated to level ${alert.escalation_level}${alert.escalated_to?.length ? `: ${alert.escalated_to.join(", ")}` : ""}`
        : "",
      silenced: alert.silenced_by ? `Silenced by ${alert.silenced_by}` : "",
    },
  };
}

export function matcherText({ label, op, value }) {
  const plain = value && !/[\s"]/.test(value);
  return `${label}${op}${plain ? value : `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`}`;
}

function environmentOf(matchers) {
  return matchers.find((m) => m.label === "environment" && m.op === "=")?.value ?? "*";
}

export function silenceState(silence, now) {
  if (silence.expired_at || !silence.ends_at || Date.parse(silence.ends_at) <= now) return "expired";
  return silence.starts_at && now < Date.parse(silence.starts_at) ? "pending" : "active";
}

export function silenceRowOf(silence, actsIn, now) {
  const state = silenceState(silence, now);
  return {
    id: silence.silence_id,
    state,
    mayExpire: state !== "expired" && mayActIn(actsIn, environmentOf(silence.matchers)),
    slots: {
      matchers: silence.matchers.map(matcherText).join(" "),
      id: silence.silence_id,
      window: `${silence.starts_at ? when(silence.starts_at) : "—"} to ${silence.ends_at ? when(silence.ends_at) : "—"}`,
      "created-by": silence.created_by,
      comment: silence.comment,
      ended: silence.expired_at ? `Expired by ${silence.expired_by} at ${when(silence.expired_at)}` : "",
    },
  };
}

/** Puts each slot's text in (an empty one hidden when it says nothing: acknowledged, escalated, silenced, comment, ended). */
export function fillSlots(item, slots) {
  for (const [slot, value] of Object.entries(slots)) {
    const part = item.querySelector(`[data-slot="${slot}"]`);
    if (!part) continue;
    part.textContent = value;
    if (["acknowledged", "escalated", "silenced", "comment", "ended"].includes(slot)) part.hidden = !value;
  }
}

// What a refused write said, for the row or form that asked. Here, not in alerts.js: a module that imported
// alerts.js by its plain URL would run a second copy of that page script beside the one the page loads.
export async function said(answer) {
  try {
    return `Refused: ${(await answer.json()).error}`;
  } catch {
    return `The dashboard answered HTTP ${answer.status}: try again.`;
  }
}
