// A deployment (GET /api/v1/deployments/{id}) as its timeline, decided as services/dashboard/pages/progress_view.py
// decides it (the same structure, the same words), then drawn into the page from the <template>s that
// templates/_progress.html renders, every value put in with textContent, never as HTML.
import { TERMINAL } from "./rows.js";
import { attemptText, clock, duration, elapsed, gateText, iso, rollbackText, serviceTitle } from "./progress_text.js";

const capitalize = (word) => word.charAt(0).toUpperCase() + word.slice(1);

function serviceBox(steps, asked) {
  const attempts = steps.attempts ?? [];
  const lines = attempts.map((a) => ({ kind: "attempt", outcome: a.outcome, text: attemptText(a) }));
  if (steps.gate) lines.push({ kind: "gate", outcome: steps.gate.outcome, text: gateText(steps.gate) });
  const said = rollbackText(steps);
  if (said) lines.push({ kind: "rollback", outcome: steps.rollback_ok === false ? "failed" : "succeeded", text: said });
  const running = attempts.some((a) => a.outcome === "running");
  return { name: steps.service, title: serviceTitle(steps, asked), running, steps: lines };
}

export function wavesOf(view) {
  const waves = view.waves ?? [];
  const services = view.services ?? {};
  const placed = new Set(waves.flat());
  const others = Object.keys(services)
    .filter((name) => !placed.has(name))
    .sort();
  const groups = [...waves, ...(others.length ? [others] : [])];
  return groups.map((names, index) => ({
    index,
    title: index < waves.length ? `Wave ${index + 1}` : "Other services",
    services: names.map((name) => serviceBox(services[name] ?? { service: name }, view.versions?.[name])),
  }));
}

function afterWaves(view, now) {
  const steps = [];
  const check = view.verification;
  if (check) {
    const kinds = check.kinds?.length ? ` (${check.kinds.join(", ")})` : "";
    const text = `Verification${kinds}: ${check.status}${check.summary ? `: ${check.summary}` : ""}`;
    steps.push({ kind: "verification", outcome: check.status, text });
  }
  if (view.bake_until) {
    const done = now >= Date.parse(view.bake_until) || TERMINAL.has(view.status);
    const text = `${done ? "Baked until" : "Baking until"} ${clock(view.bake_until)} UTC`;
    steps.push({ kind: "bake", outcome: done ? "ended" : "running", text });
  }
  const back = view.rollback;
  if (back) {
    const why = back.trigger ? ` (${back.trigger})` : "";
    const took = back.duration_s != null ? ` in ${duration(back.duration_s)}` : "";
    const waves = (back.waves ?? []).map((wave) => wave.join(", ")).join(" then ");
    const text = `Rollback${why}: ${back.outcome}${took}${waves ? `; waves ${waves}` : ""}`;
    steps.push({ kind: "rollback", outcome: back.outcome, text });
  }
  return steps;
}

function milestonesOf(view) {
  const found = [["Requested", view.created_at]];
  if (view.approval) {
    found.push(["Approval asked", view.approval.requested_at]);
    if (view.approval.granted_by) found.push([`Approved by ${view.approval.granted_by}`, view.approval.granted_at]);
  }
  found.push(["Started", view.started_at]);
  if (view.pause) found.push(["Paused", view.pause.at]);
  for (const said of view.resumes ?? []) found.push([`Resumed by ${said.by} (${said.reason})`, said.at]);
  if (view.verification) found.push(["Verification", view.verification.requested_at]);
  if (view.rollback) found.push(["Rollback asked", view.rollback.requested_at]);
  if (TERMINAL.has(view.status)) found.push([capitalize(view.status), view.ended_at ?? view.updated_at]);
  return found.filter(([, at]) => at != null).map(([label, at]) => ({ label, iso: iso(at), clock: clock(at) }));
}

function waitingFor(view, waves) {
  const boxes = waves.flatMap((wave) => wave.services);
  const services = view.services ?? {};
  const gates = Object.keys(services)
    .sort()
    .filter((name) => services[name].gate?.outcome === "waiting");
  const running = boxes.filter((box) => box.running).map((box) => box.name);
  switch (view.status) {
    case "requested":
      return "Waiting for the coordinator to take it";
    case "queued":
      return view.queued_behind ? `Waiting behind ${view.queued_behind}` : "Waiting in the queue";
    case "awaiting-approval": {
      const who = view.approval?.approvers?.join(", ") ?? "";
      return who ? `Waiting for approval by ${who}` : "Waiting for approval";
    }
    case "paused": {
      const why = view.pause?.reason || view.failure;
      return why ? `Waiting for a person to resume or roll back: ${why}` : "Waiting for a person";
    }
    case "verifying":
      return "Waiting for verification";
    case "baking":
      return view.bake_until ? `Waiting for the bake to end at ${clock(view.bake_until)} UTC` : "Baking";
    case "rolling-back":
      return "Waiting for the rollback to finish";
    case "running":
      if (gates.length) return `Waiting for the health gate of ${gates.join(", ")}`;
      if (running.length) return `Waiting for the command of ${running.join(", ")}`;
      return "Running";
  }
  return "";
}

export function progressOf(view, now) {
  const ended = TERMINAL.has(view.status);
  const since = view.started_at ?? view.created_at;
  const until = ended ? (view.ended_at ?? view.updated_at) : null;
  const waves = wavesOf(view);
  return {
    id: view.id,
    ended,
    waiting: waitingFor(view, waves),
    since_iso: iso(since),
    until_iso: until ? iso(until) : "",
    elapsed: elapsed(Date.parse(since), until ? Date.parse(until) : now),
    waves,
    after: afterWaves(view, now),
    milestones: milestonesOf(view),
  };
}
