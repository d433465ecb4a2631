/** Longest wait between two attempts to open a dropped subscription again. */
const MAX_RETRY_MS = 30_000;

/** What `keepSubscribed` gives the code that opens the subscription. */
export interface SubscriptionTurn {
  /** An event arrived: the next failure starts its backoff afresh. */
  received(): void;
  /** The subscription failed or ended in error: it is opened again after the backoff (unless stopped). */
  failed(): void;
}

/**
 * Keeps a live subscription open for a page: `open` starts it and returns its unsubscribe; after each failure it
 * is opened again in 1 s, 2 s, 4 s… (at most 30 s), the wait reset by every event. Returns the stop function,
 * for an effect's clean-up.
 */
export function keepSubscribed(open: (turn: SubscriptionTurn) => () => void): () => void {
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stop: (() => void) | undefined;
  let stopped = false;
  const subscribe = () => {
    stop = open({
      received: () => {
        attempt = 0;
      },
      failed: () => {
        if (!stopped) retry = setTimeout(subscribe, Math.min(MAX_RETRY_MS, 1_000 * 2 ** attempt++));
      },
    });
  };
  subscribe();
  return () => {
    stopped = true;
    clearTimeout(retry);
    stop?.();
  };
}
