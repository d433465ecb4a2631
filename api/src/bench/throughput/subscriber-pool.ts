import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Arrivals, SubscribersCommand, SubscribersSpec } from './subscribers';

type ChildMessage = { type: string; message?: string };

/** One subscribers child process and its messages, read in order. */
class SubscribersChild {
  private readonly process: ChildProcess;
  private readonly messages: ChildMessage[] = [];
  private readonly waiters: ((m: ChildMessage) => void)[] = [];
  private readonly exited: Promise<never>;

  constructor(spec: SubscribersSpec) {
    this.process = fork(join(__dirname, 'subscribers.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (m: ChildMessage) => {
      if (m.type === 'error') console.error(`subscriber failed: ${m.message}`);
      const waiter = this.waiters.shift();
      if (waiter) waiter(m);
      else this.messages.push(m);
    });
    this.exited = new Promise<never>((_, reject) => this.process.once('exit', (code) => reject(new Error(`subscribers exited (${code})`))));
    this.exited.catch(() => undefined);
    this.process.send(spec);
  }

  next<T extends ChildMessage>(): Promise<T> {
    const message = this.messages.length ? Promise.resolve(this.messages.shift()!) : new Promise<ChildMessage>((resolve) => this.waiters.push(resolve));
    return Promise.race([message, this.exited]) as Promise<T>;
  }

  send(command: SubscribersCommand): void {
    this.process.send(command);
  }

  /** Asks the child to close its sockets and exit; kills it after 10 s. */
  async close(): Promise<void> {
    const child = this.process;
    if (child.exitCode !== null || child.signalCode !== null || !child.connected) return;
    this.send({ type: 'close' });
    await Promise.race([this.exited.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * `spec.count` graphql-ws subscribers spread over `processes` child processes (`subscribers.ts`), so that
 * reading thousands of sockets is not one thread's queue. Arrivals of all children are merged per event.
 */
export class SubscriberPool {
  private readonly children: SubscribersChild[];

  private constructor(children: SubscribersChild[]) {
    this.children = children;
  }

  /** Opens every connection and subscription; rejects (after closing what opened) when one fails. */
  static async open(spec: SubscribersSpec, processes: number): Promise<SubscriberPool> {
    const n = Math.min(processes, spec.count);
    const shares = Array.from({ length: n }, (_, i) => Math.floor(spec.count / n) + (i < spec.count % n ? 1 : 0));
    const pool = new SubscriberPool(shares.map((count) => new SubscribersChild({ ...spec, count })));
    try {
      for (const connected of await Promise.all(pool.children.map((c) => c.next()))) {
        if (connected.type !== 'connected') throw new Error(`subscribers failed to connect: ${connected.message}`);
      }
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Tells every child to time the next event; call before committing it. */
  expect(timeoutMs: number): void {
    for (const child of this.children) child.send({ type: 'expect', timeoutMs });
  }

  /** The arrivals of the event announced by `expect`, from every child. */
  async arrivals(): Promise<Arrivals> {
    const parts = await Promise.all(this.children.map((c) => c.next<Arrivals | ChildMessage>()));
    const merged: Arrivals = { type: 'arrivals', atMs: [], payload: undefined, errors: 0, cpuMs: 0 };
    for (const part of parts) {
      if (part.type !== 'arrivals') throw new Error(`subscribers failed: ${JSON.stringify(part)}`);
      const arrivals = part as Arrivals;
      merged.atMs.push(...arrivals.atMs);
      merged.errors += arrivals.errors;
      merged.cpuMs += arrivals.cpuMs;
      merged.payload ??= arrivals.payload;
      merged.firstError ??= arrivals.firstError;
    }
    return merged;
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => c.close()));
  }
}
