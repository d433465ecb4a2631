import autocannon from 'autocannon';

/** What the parent asks of the load generator (first IPC message). */
export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Every answer must be exactly this (else the run fails). */
  expectBody: string;
  connections: number;
  durationSeconds: number;
}

/** What it answers: counted requests, their latency percentiles (ms), and failures of any kind. */
export interface LoadOutcome {
  requests: number;
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/**
 * Child process of `npm run bench`: autocannon with a fixed number of keep-alive connections for a fixed
 * duration, off the servers' processes, so its CPU is nobody's. Answers one `LoadOutcome` and exits.
 */
process.once('message', (spec: LoadSpec) => {
  void autocannon({
    url: spec.url,
    method: 'POST',
    headers: spec.headers,
    body: spec.body,
    expectBody: spec.expectBody,
    connections: spec.connections,
    duration: spec.durationSeconds,
  }).then(
    (result) => {
      const outcome: LoadOutcome = {
        requests: result.requests.total,
        durationSeconds: result.duration,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        failures: result.errors + result.timeouts + result.non2xx + result.mismatches,
      };
      process.send!(outcome, () => process.exit(0));
    },
    (err: unknown) => {
      console.error('load generator failed:', err);
      process.exit(1);
    },
  );
});
