// A deployment's replay: the range input steps through the times of its events, and each stop swaps in the
// dependency graph as the server draws it at that moment (GET /deployments/{id}/replay?at=...: an SVG fragment
// our own renderer escaped). Play steps through from the start (or on from where the scrubber is).
const STEP_MS = 800;

export function replay(section) {
  const input = section.querySelector('input[type="range"]');
  const frame = section.querySelector('[data-slot="replay-frame"]');
  const shown = section.querySelector('[data-slot="replay-time"]');
  const play = section.querySelector('[data-slot="play"]');
  let times = JSON.parse(section.dataset.times || "[]");
  let asked = 0;
  let timer = null;

  async function show(index) {
    const at = times[index];
    if (!at) return;
    shown.textContent = at;
    input.setAttribute("aria-valuetext", at);
    const mine = ++asked;
    const url = `${section.dataset.replay}?at=${encodeURIComponent(at)}`;
    try {
      const answer = await fetch(url, { headers: { Accept: "image/svg+xml" } });
      if (!answer.ok || mine !== asked) return;
      const parsed = new DOMParser().parseFromString(await answer.text(), "image/svg+xml");
      if (parsed.documentElement.nodeName !== "svg" || mine !== asked) return;
      frame.replaceChildren(document.importNode(parsed.documentElement, true));
      frame.dataset.at = at;
    } catch {
      // the dashboard is away: the badge says so; the frame stays as it was
    }
  }

  function stop() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    if (play) play.textContent = "Play";
  }

  function start() {
    if (Number(input.value) >= times.length - 1) input.value = "0";
    show(Number(input.value));
    play.textContent = "Pause";
    timer = window.setInterval(() => {
      const next = Number(input.value) + 1;
      if (next > times.length - 1) return stop();
      input.value = String(next);
      show(next);
    }, STEP_MS);
  }

  input?.addEventListener("input", () => {
    stop();
    show(Number(input.value));
  });
  play?.addEventListener("click", () => (timer === null ? start() : stop()));

  return {
    /** A moment that happened live: a new stop at the end, followed when the scrubber was at the end. */
    add(at) {
      if (!input || times.includes(at)) return;
      const following = Number(input.value) >= times.length - 1 && timer === null;
      times = [...times, at].sort();
      section.dataset.times = JSON.stringify(times);
      input.max = String(times.length - 1);
      if (following) {
        input.value = String(times.length - 1);
        show(times.length - 1);
      }
    },
  };
}
