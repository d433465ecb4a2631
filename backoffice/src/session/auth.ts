/**
 * The session's state shared by the links (which meet expired tokens) and the React session (which shows the
 * sign-in form). The tokens themselves are httpOnly cookies set by the API: nothing here can read them.
 */
type Listener = () => void;

let refresher: () => Promise<boolean> = async () => false;
let inFlight: Promise<boolean> | null = null;
let expired = false;
let waiting: (() => void)[] = [];
const listeners = new Set<Listener>();

export const auth = {
  /** Set once by the Apollo client: exchanges the refresh cookie for new cookies; true when it worked. */
  setRefresher(fn: () => Promise<boolean>): void {
    refresher = fn;
  },

  /**
   * One refresh at a time for the whole tab: the refresh token rotates on each use, so two requests failing
   * together share the same attempt instead of racing with the same cookie.
   */
  refresh(): Promise<boolean> {
    inFlight ??= refresher().finally(() => {
      inFlight = null;
    });
    return inFlight;
  },

  /** The session is gone (refresh refused): the sign-in form shows until `settled`. */
  expire(): void {
    if (expired) return;
    expired = true;
    listeners.forEach((l) => l());
  },

  /** The session is settled again (signed in, or signed out on purpose): whatever waited for it goes on. */
  settled(): void {
    expired = false;
    const resume = waiting;
    waiting = [];
    resume.forEach((r) => r());
    listeners.forEach((l) => l());
  },

  isExpired(): boolean {
    return expired;
  },

  /** Resolves at once while signed in, else at the next sign-in (the live connection waits here to reconnect). */
  whenSignedIn(): Promise<void> {
    return expired ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve();
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
