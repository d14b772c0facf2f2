// The words of a deployment's timeline, as services/dashboard/pages/progress_text.py says them: durations, clock
// times, one line per step of a service. Tenths are rounded half up with floor on both sides, so both agree.

const STEP_NAMES = { deploy: "Deploy", switch: "Switch", rollback: "Rollback" };

export function duration(seconds) {
  const tenths = Math.floor(Math.max(seconds, 0) * 10 + 0.5);
  if (tenths < 600) return `${Math.floor(tenths / 10)}.${tenths % 10} s`;
  return `${Math.floor(tenths / 600)} min ${Math.floor((tenths % 600) / 10)} s`;
}

export function elapsed(sinceMs, untilMs) {
  return duration(Math.floor(Math.max((untilMs - sinceMs) / 1000, 0)));
}

export function clock(at) {
  return new Date(at).toISOString().slice(11, 19);
}

export function iso(at) {
  return new Date(at).toISOString();
}

export function attemptText(attempt) {
  const name = `${STEP_NAMES[attempt.step] ?? attempt.step} attempt ${attempt.attempt} (${attempt.version})`;
  const took = attempt.duration_s != null ? duration(attempt.duration_s) : "";
  if (attempt.outcome === "running") return `${name}: running since ${clock(attempt.started_at)}`;
  if (attempt.outcome === "succeeded") return `${name}: succeeded in ${took}, exit ${attempt.exit_code ?? 0}`;
  const how = attempt.timed_out ? "timed out" : "failed";
  const code = attempt.exit_code != null ? `, exit ${attempt.exit_code}` : "";
  const reason = attempt.reason ? `: ${attempt.reason}` : "";
  return `${name}: ${how} after ${took}${code}${reason}`;
}

export function gateText(gate) {
  if (gate.outcome === "waiting") {
    return `Health gate: waiting${gate.requested_at ? ` since ${clock(gate.requested_at)}` : ""}`;
  }
  const waited = gate.waited_s != null ? ` after ${duration(gate.waited_s)}` : "";
  return `Health gate: ${gate.outcome}${waited}${gate.reason ? `: ${gate.reason}` : ""}`;
}

export function rollbackText(steps) {
  if (steps.rollback_ok === false) {
    return steps.rollback_detail ? `Rollback failed: ${steps.rollback_detail}` : "Rollback failed";
  }
  return steps.restored_version ? `Rolled back to ${steps.restored_version}` : "";
}

export function serviceTitle(steps, asked) {
  const to = steps.to_version || asked;
  if (steps.from_version && to) return `${steps.service} ${steps.from_version} → ${to}`;
  return to ? `${steps.service} ${to}` : steps.service;
}
