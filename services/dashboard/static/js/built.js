// While the dashboard is still reading its history (its read model being rebuilt) a page shows a loading notice;
// this asks the readiness check now and then and reloads the page once the history is all there.

const LOOK_AGAIN_MS = 2000;

export async function untilBuilt(notice) {
  while (notice && !notice.hidden) {
    await new Promise((done) => window.setTimeout(done, LOOK_AGAIN_MS));
    try {
      const ready = await (await fetch("/health/ready", { headers: { Accept: "application/json" } })).json();
      if (ready.checks?.read_model?.[0]?.status === "pass") {
        window.location.reload();
        return;
      }
    } catch {
      // not answering: the badge tells; look again
    }
  }
}
