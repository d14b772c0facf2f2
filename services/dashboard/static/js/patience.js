// How long a page asks the API again for what an event changed, while the read model has not folded it yet: the
// read model folds events beside the live feed, and a replica just restarted (or a busy one) may be seconds
// behind. Waits grow by 100 ms up to 1 s, about 15 s in all, then the page waits for the next event.
export const TRIES = 20;

export function lookAgain(tried) {
  return new Promise((done) => window.setTimeout(done, Math.min(100 * (tried + 1), 1000)));
}
