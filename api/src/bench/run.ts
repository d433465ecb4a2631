import 'reflect-metadata';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startFixture, type BenchFixture } from './fixture';
import { attackRefusals, eventDelivery, healthUnderLoad, heaviestAllowedList, orderBaseline, signInCost } from './measures';
import { formatMs, formatRatio, table, type Row } from './stats';

/**
 * `npm run bench`: the hardening numbers of issue 5, each as a ratio against a baseline measured in the same
 * run (never absolute targets: machines differ). Needs no configuration: its own embedded PostgreSQL in a
 * temporary folder and the API with default settings on a random port. Exits 0, or 1 when any step fails.
 */
async function main(): Promise<void> {
  const started = performance.now();
  const fixture: BenchFixture = await startFixture();
  try {
    const baselineMs = await orderBaseline(fixture);
    const refusals = await attackRefusals(fixture);
    const heaviest = await heaviestAllowedList(fixture);
    const health = await healthUnderLoad(fixture, heaviest);
    const signIns = await signInCost(fixture);
    const events = await eventDelivery(fixture);

    const rows: Row[] = [
      { measure: "baseline: customer's order(id) with payments and tracking", value: formatMs(baselineMs), ratio: formatRatio(1), against: 'itself' },
      ...refusals.map((r) => ({ measure: `refuse ${r.attack} (${r.code})`, value: formatMs(r.medianMs), ratio: formatRatio(r.medianMs / baselineMs), against: 'baseline' })),
      { measure: '/health idle', value: formatMs(health.idleMs), ratio: formatRatio(health.idleMs / baselineMs), against: 'baseline' },
      {
        measure: `/health during staff orders(first: ${heaviest.first}) in a loop`,
        value: formatMs(health.loadedMs),
        ratio: formatRatio(health.loadedMs / health.idleMs),
        against: '/health idle',
      },
      {
        measure: `  that list (cost ${heaviest.cost.toLocaleString('en')} of ${heaviest.maximumCost.toLocaleString('en')}, ${health.heavyRuns} runs)`,
        value: formatMs(health.heavyMedianMs),
        ratio: formatRatio(health.heavyMedianMs / baselineMs),
        against: 'baseline',
      },
      {
        measure: `sign-in, wrong password, hashed (${signIns.hashing.attempts}): CPU per attempt`,
        value: formatMs(signIns.hashing.cpuMsPerAttempt),
        ratio: formatRatio(signIns.hashing.cpuMsPerAttempt / signIns.throttled.cpuMsPerAttempt),
        against: 'throttled attempt',
      },
      {
        measure: `sign-in refused by the throttle (${signIns.throttled.attempts}): CPU per attempt`,
        value: formatMs(signIns.throttled.cpuMsPerAttempt),
        ratio: formatRatio(1),
        against: 'itself',
      },
      {
        measure: '  attempts per second, throttled vs hashed',
        value: `${signIns.throttled.perSecond.toFixed(0)}/s vs ${signIns.hashing.perSecond.toFixed(1)}/s`,
        ratio: formatRatio(signIns.throttled.perSecond / signIns.hashing.perSecond),
        against: 'hashed',
      },
      { measure: 'event delivery to a subscriber', value: formatMs(events.plainMs), ratio: formatRatio(1), against: 'itself' },
      {
        measure: `  right after ${events.rollbacksPerEvent} rolled-back event transactions`,
        value: formatMs(events.afterRollbacksMs),
        ratio: formatRatio(events.afterRollbacksMs / events.plainMs),
        against: 'delivery without them (target ≈ 1)',
      },
    ];
    console.log(`\nMorna hardening benchmark — Node ${process.version}, ${cpus().length} CPUs, default settings, medians`);
    console.log(table(rows));
    console.log(`\nCPU is this process's (API and benchmark client; PostgreSQL not counted). Run took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await fixture.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('benchmark failed:', err);
    process.exit(1);
  },
);
