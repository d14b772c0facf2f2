// A timeline (progress.js progressOf) drawn into the page from the <template>s templates/_progress.html renders,
// so a timeline that changes live has the server's markup; every value goes in with textContent, never as HTML.
// A service's log lines (GET /api/v1/deployments/{id}/log) are shown under it: the last few while its command
// runs, all of them (as many as the page keeps) behind a disclosure.

export const TAIL = 5;

function clone(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

function slot(element, name) {
  return element.querySelector(`[data-slot="${name}"]`);
}

function stepLine(step) {
  const item = clone("progress-step");
  item.dataset.kind = step.kind;
  item.dataset.outcome = step.outcome;
  item.textContent = step.text;
  return item;
}

function logLine(line) {
  const item = clone("progress-log-line");
  item.dataset.stream = line.stream;
  item.textContent = `${(line.ts ?? "").slice(11, 19)} ${line.line}`;
  return item;
}

export function drawLog(box, lines, running) {
  const log = slot(box, "log");
  log.hidden = lines.length === 0;
  const tail = slot(box, "log-tail");
  tail.hidden = !running;
  tail.replaceChildren(...(running ? lines.slice(-TAIL).map(logLine) : []));
  const more = slot(box, "log-more");
  more.hidden = running && lines.length <= TAIL;
  slot(box, "log-count").textContent = String(lines.length);
  slot(box, "log-all").replaceChildren(...lines.map(logLine));
}

function serviceBox(box, logs) {
  const item = clone("progress-service");
  item.dataset.service = box.name;
  item.dataset.running = String(box.running);
  slot(item, "title").textContent = box.title;
  slot(item, "steps").replaceChildren(...box.steps.map(stepLine));
  drawLog(item, logs.get(box.name) ?? [], box.running);
  return item;
}

function waveColumn(wave, logs) {
  const item = clone("progress-wave");
  item.dataset.wave = String(wave.index);
  slot(item, "title").textContent = wave.title;
  slot(item, "services").replaceChildren(...wave.services.map((box) => serviceBox(box, logs)));
  return item;
}

function milestone(m) {
  const item = clone("progress-milestone");
  const at = slot(item, "at");
  at.setAttribute("datetime", m.iso);
  at.textContent = m.clock;
  slot(item, "label").textContent = m.label;
  return item;
}

/** Draws `timeline` in `area` (a row's timeline slot), keeping the log disclosures a person opened open. */
export function draw(area, timeline, logs) {
  const opened = new Set(
    [...area.querySelectorAll('[data-service]:has(details[open])')].map((box) => box.dataset.service),
  );
  const block = clone("progress-timeline");
  block.dataset.progress = timeline.id;
  block.dataset.ended = String(timeline.ended);
  slot(block, "waiting").textContent = timeline.waiting;
  const elapsed = slot(block, "elapsed");
  elapsed.dataset.since = timeline.since_iso;
  elapsed.dataset.until = timeline.until_iso;
  elapsed.textContent = timeline.elapsed;
  const waves = slot(block, "waves");
  waves.setAttribute("aria-label", `Waves of ${timeline.id}`);
  waves.replaceChildren(...timeline.waves.map((wave) => waveColumn(wave, logs)));
  slot(block, "after").replaceChildren(...timeline.after.map(stepLine));
  const stones = slot(block, "milestones");
  stones.setAttribute("aria-label", `Milestones of ${timeline.id}`);
  stones.replaceChildren(...timeline.milestones.map(milestone));
  for (const name of opened) {
    const box = block.querySelector(`[data-service="${CSS.escape(name)}"]`);
    if (box) slot(box, "log-more").open = true;
  }
  area.replaceChildren(block);
}
