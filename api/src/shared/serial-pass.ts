/**
 * Runs a pass of background work one at a time. A wake-up during a pass runs exactly one more right after it,
 * so what arrived meanwhile does not wait for the next timer; a failed pass is reported to `onError` and the
 * next wake-up tries again. After `stop`, wake-ups do nothing and `stop` resolves when the running pass ends.
 */
export class SerialPass {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Runs a pass now, or right after the one running. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves once a pass that started after the call has ended (and any it triggered). */
  async drain(): Promise<void> {
    this.wake();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running) await this.running;
  }
}
