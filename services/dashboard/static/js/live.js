// The tab's one live connection: a WebSocket to /api/v1/live that reconnects with backoff and reads on from the
// last stream id it saw, so nothing is missed and nothing repeats. The first connection (and any after which no
// event arrived) asks for a snapshot: the read model as it stands, a fresh start for the page.
// Page parts listen with live.on("event" | "snapshot" | "status", handler); the badge listens to "status":
// "connecting", "live", "reconnecting" (down a moment), "stale" (down long enough that the page may be out of date).

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;
const STALE_AFTER_MS = 20000;

/** The wait before reconnection attempt `attempt` (0, 1, ...): doubling up to a cap, with jitter so that tabs
 * reconnecting after a restart do not all arrive at once. */
export function backoff(attempt, random = Math.random) {
  const cap = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

class Live {
  constructor() {
    this.target = new EventTarget();
    this.state = "connecting";
    this.lastId = null;
    this.socket = null;
    this.attempt = 0;
    this.downSince = null;
    this.leaving = false;
    this.timers = [];
  }

  on(kind, handler) {
    this.target.addEventListener(kind, (event) => handler(event.detail));
  }

  start() {
    if (this.socket || this.leaving) return;
    window.addEventListener("pagehide", () => {
      this.leaving = true;
      this.socket?.close(1000, "page closed");
    });
    window.addEventListener("online", () => this.retryNow());
    this.open();
  }

  url() {
    const url = new URL("/api/v1/live", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    if (this.lastId) url.searchParams.set("last_id", this.lastId);
    else url.searchParams.set("snapshot", "true");
    return url;
  }

  open() {
    this.clearTimers();
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.downSince = null;
      this.set("live");
    });
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", () => {
      if (this.socket === socket) this.closed();
    });
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (frame.kind === "event") {
      this.lastId = frame.id;
      this.emit("event", frame);
    } else if (frame.kind === "snapshot") {
      this.emit("snapshot", frame.snapshot);
    }
    // "dropped": the server closes next (we fell behind); the close reconnects from lastId.
  }

  closed() {
    this.socket = null;
    if (this.leaving) return;
    if (this.downSince === null) this.downSince = Date.now();
    const down = Date.now() - this.downSince;
    this.set(down >= STALE_AFTER_MS ? "stale" : "reconnecting");
    if (down < STALE_AFTER_MS) this.later(STALE_AFTER_MS - down, () => this.set("stale"));
    if (this.attempt >= 2) this.checkSignedIn();
    this.later(backoff(this.attempt++), () => this.open());
  }

  retryNow() {
    if (this.socket === null && !this.leaving) this.open();
  }

  async checkSignedIn() {
    // A handshake refused for a session that ended looks like any failed connection; /api/v1/me tells them apart.
    try {
      const answer = await fetch("/api/v1/me", { headers: { Accept: "application/json" } });
      if (answer.status === 401) {
        const here = window.location.pathname + window.location.search;
        window.location.assign(`/login?next=${encodeURIComponent(here)}`);
      }
    } catch {
      // the dashboard is down: keep reconnecting
    }
  }

  later(ms, action) {
    this.timers.push(window.setTimeout(action, ms));
  }

  clearTimers() {
    this.timers.forEach((timer) => window.clearTimeout(timer));
    this.timers = [];
  }

  set(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit("status", { state, since: this.downSince });
  }

  emit(kind, detail) {
    this.target.dispatchEvent(new CustomEvent(kind, { detail }));
  }
}

export const live = new Live();
