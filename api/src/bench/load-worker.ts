import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/** One request the load repeats, identical each time. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Text every answer must contain, so that a page or data really came back (not an error page). */
  expect: string;
}

/** `users` clients, each sending `warmUp` uncounted requests then `requests` counted ones, one after another. */
export interface LoadPlan {
  request: LoadRequest;
  users: number;
  warmUp: number;
  requests: number;
}

/** Time to first byte of each counted request (ms): until the status line and headers arrived. */
export interface LoadResult {
  ttfbMs: number[];
}

/**
 * Runs a `LoadPlan` in this worker thread, off the event loop of the server under test, over the global
 * fetch (undici: keep-alive, one connection per concurrent user). Every answer must be 200 and contain
 * `expect`, else the whole load fails.
 */
async function run(plan: LoadPlan): Promise<LoadResult> {
  const { url, method, headers, body, expect } = plan.request;
  const once = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(url, { method, headers, body, redirect: 'manual' });
    const ttfb = performance.now() - started;
    const text = await response.text();
    if (response.status !== 200 || !text.includes(expect)) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    return ttfb;
  };
  const user = async (): Promise<number[]> => {
    for (let i = 0; i < plan.warmUp; i += 1) await once();
    const samples: number[] = [];
    for (let i = 0; i < plan.requests; i += 1) samples.push(await once());
    return samples;
  };
  const perUser = await Promise.all(Array.from({ length: plan.users }, user));
  return { ttfbMs: perUser.flat() };
}

// A failure is an unhandled rejection, which ends the worker with an 'error' event carrying it.
void run(workerData as LoadPlan).then((result) => parentPort!.postMessage(result));
