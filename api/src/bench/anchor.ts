import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { startAnvil, type LocalChain } from '../chain/anvil';
import { ChainGateway } from '../chain/chain-gateway';
import { loadConfig, repoRoot } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded';
import { startApi, type RunningApi } from '../main';
import { Anchorer } from '../modules/traceability/anchoring.service';
import { appendTraceEvent, lockedChain } from '../modules/traceability/trace.service';
import { freePort } from '../shared/free-port';
import { markdownTable } from './stats';

/**
 * `npm run bench:anchor`: anchoring throughput and gas, with batching against one transaction per event, in one
 * run. Its own embedded PostgreSQL and anvil (automining, in memory) and the real API; pending trace events
 * are appended through the service (`appendTraceEvent`, chains of BENCH_ANCHOR_EVENTS_PER_CHAIN events), then
 * the outbox (`Anchorer.runNow`) anchors them and confirms each transaction (1 confirmation). Events/s counts
 * from the first pass to the last confirmation; gas per event is the gas of every anchoring transaction
 * (receipts) over the events. Targets (issue 9): ≥ 1,000 events/s and ≤ 200 gas per event with batching.
 */
async function main(): Promise<void> {
  const env = process.env;
  const int = (name: string, fallback: number) => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
    return value;
  };
  const batchedEvents = int('BENCH_ANCHOR_EVENTS', 20_000);
  const singleEvents = int('BENCH_ANCHOR_SINGLE_EVENTS', 200);
  const batchSize = int('BENCH_ANCHOR_BATCH_SIZE', 1000);
  const perChain = int('BENCH_ANCHOR_EVENTS_PER_CHAIN', 5);

  const scratch = mkdtempSync(join(tmpdir(), 'morna-bench-anchor-'));
  let db: EmbeddedDatabase | undefined;
  let chain: LocalChain | undefined;
  let api: RunningApi | undefined;
  try {
    console.log('starting embedded PostgreSQL and anvil…');
    db = await startEmbeddedPostgres({ dataDir: join(scratch, 'postgres'), port: await freePort(), database: 'morna_bench_anchor' });
    chain = await startAnvil({ port: await freePort() });
    const defaults = loadConfig({ ...env, MORNA_DATA_DIR: scratch });
    // The timer never fires during the run: each measurement drives the outbox itself.
    const config = loadConfig({ ...env, MORNA_DATA_DIR: scratch }, {
      port: 0, logLevel: 'silent', sweepIntervalSeconds: 3600,
      chain: { ...defaults.chain, rpcUrl: chain.url, confirmations: 1, batchSize, intervalMs: 3_600_000 },
    });
    api = await startApi(config, db.url, pino({ level: 'silent' }));
    const app = api.app;
    // Deploys the contract (first pass), so neither measurement pays for it.
    await app.anchorer.runNow();

    const measure = async (label: string, events: number, size: number) => {
      await appendPending(events, perChain);
      const anchorer = new Anchorer(app, new ChainGateway({ ...config.chain, batchSize: size }));
      const started = performance.now();
      await anchorer.runNow();
      const seconds = (performance.now() - started) / 1000;
      await anchorer.stop();
      const rows = await app.orm.em.fork().getConnection().execute<{ tx_hash: string; leaf_count: number; status: string }[]>(
        `SELECT b.tx_hash, b.leaf_count, b.status FROM anchor_batch b WHERE b.id IN (SELECT DISTINCT batch_id FROM trace_event WHERE data->'details'->>'bench' = ?)`,
        [label],
      );
      const anchored = rows.filter((r) => r.status === 'CONFIRMED').reduce((sum, r) => sum + r.leaf_count, 0);
      if (anchored !== events) throw new Error(`${label}: ${anchored} of ${events} events confirmed`);
      let gas = 0n;
      for (const row of rows) gas += await app.anchorer.gateway.gasUsed(row.tx_hash);
      return { label, events, transactions: rows.length, seconds, eventsPerSecond: events / seconds, gasPerEvent: Number(gas) / events, gasPerTransaction: Number(gas) / rows.length };
    };
    async function appendPending(events: number, eventsPerChain: number): Promise<void> {
      for (let done = 0; done < events; ) {
        const chunk = Math.min(1000, events - done);
        // A fresh EntityManager per chunk: one identity map over every event would make each flush slower.
        await app.orm.em.fork().transactional(async (tx) => {
          for (let i = 0; i < chunk; i += eventsPerChain) {
            const chainRow = await lockedChain(tx, 'UNIT', randomUUID());
            for (let j = 0; j < Math.min(eventsPerChain, chunk - i); j += 1) {
              appendTraceEvent(tx, chainRow, { kind: 'PACKED', occurredAt: new Date(), place: 'Guangzhou', actor: 'bench', details: { bench: labelNow } });
            }
          }
        });
        done += chunk;
      }
    }
    let labelNow = 'batched';
    console.log(`anchoring ${batchedEvents} events in batches of ${batchSize}…`);
    const batched = await measure(labelNow, batchedEvents, batchSize);
    labelNow = 'single';
    console.log(`anchoring ${singleEvents} events one transaction each…`);
    const single = await measure(labelNow, singleEvents, 1);

    const table = markdownTable(
      ['mode', 'events', 'transactions', 'seconds', 'events/s', 'gas/event', 'gas/transaction'],
      [batched, single].map((r) => [r.label, String(r.events), String(r.transactions), r.seconds.toFixed(2), r.eventsPerSecond.toFixed(0), r.gasPerEvent.toFixed(1), r.gasPerTransaction.toFixed(0)]),
    );
    const targets = { eventsPerSecond: batched.eventsPerSecond >= 1000, gasPerEvent: batched.gasPerEvent <= 200 };
    console.log(`\n${table}\n`);
    console.log(`batching: ${(single.gasPerEvent / batched.gasPerEvent).toFixed(0)}× less gas per event, ${(batched.eventsPerSecond / single.eventsPerSecond).toFixed(1)}× the events per second`);
    console.log(`targets (≥ 1,000 events/s, ≤ 200 gas/event with batching): ${targets.eventsPerSecond && targets.gasPerEvent ? 'met' : 'NOT met'}`);
    const out = join(repoRoot, 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'anchor.json'), `${JSON.stringify({ at: new Date().toISOString(), batchSize, batched, single, targets }, null, 2)}\n`);
    if (!targets.eventsPerSecond || !targets.gasPerEvent) process.exitCode = 1;
  } finally {
    await api?.stop();
    await chain?.stop();
    await db?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('bench:anchor failed:', err);
  process.exit(1);
});
