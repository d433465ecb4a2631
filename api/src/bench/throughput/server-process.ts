import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ChildReady, ChildStats } from './protocol';

/** A server child of the benchmark: its address, its stats on demand, and how to stop it. */
export interface ServerProcess extends ChildReady {
  name: string;
  /** CPU, statements and memory so far; `gc`: after a full collection (memory per idle subscriber). */
  stats(gc?: boolean): Promise<ChildStats>;
  stop(): Promise<void>;
}

/**
 * Forks `script` (a file of this folder, compiled) with `env` added to this process's environment, and
 * waits for its `ready` message. `cpuProfileDir`: run it with --cpu-prof, the profile written there when it
 * stops. Rejects when the child exits first.
 */
export async function startServerProcess(name: string, script: string, env: Record<string, string>, cpuProfileDir?: string): Promise<ServerProcess> {
  const execArgv = ['--expose-gc', ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [])];
  const child: ChildProcess = fork(join(__dirname, script), [], { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${name} exited (code ${code})`))));
  exited.catch(() => undefined);
  const ready = await Promise.race([
    new Promise<ChildReady>((resolve) => child.on('message', (m: ChildReady) => m.type === 'ready' && resolve(m))),
    exited,
  ]);
  let next = 0;
  return {
    ...ready,
    name,
    stats: (gc = false) => {
      const id = (next += 1);
      return Promise.race([
        new Promise<ChildStats>((resolve) => {
          const listener = (m: { type: string; id: number; stats: ChildStats }) => {
            if (m.type === 'stats' && m.id === id) {
              child.off('message', listener);
              resolve(m.stats);
            }
          };
          child.on('message', listener);
          child.send({ type: 'stats', id, gc });
        }),
        exited,
      ]);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
