import 'reflect-metadata';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { repoRoot } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded';
import { ormOptions } from '../db/orm';
import { seedDemoData } from '../seed/demo';
import { seedOrders } from './seed-orders';

/**
 * `npm run bench:seed-large`: BENCH_LARGE_ORDERS orders (1,000,000 by default) with 20 tracking events each
 * (BENCH_LARGE_TRACKING_PER_ORDER), set-based, into DATABASE_URL (migrated and given the demo data first),
 * or else into an embedded PostgreSQL kept in BENCH_LARGE_DIR (.data/bench-large) on BENCH_LARGE_PORT (5499),
 * which then keeps running until Ctrl-C so that `BENCH_DATABASE_URL=<printed url> npm run bench` can use it.
 * A database that already holds seeded orders is not seeded again (the embedded one is just started).
 */
async function main(): Promise<void> {
  const orders = Number(process.env.BENCH_LARGE_ORDERS ?? 1_000_000);
  const trackingPerOrder = Number(process.env.BENCH_LARGE_TRACKING_PER_ORDER ?? 20);
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = process.env.BENCH_LARGE_DIR ?? join(repoRoot, '.data', 'bench-large');
    embedded = await startEmbeddedPostgres({ dataDir, port: Number(process.env.BENCH_LARGE_PORT ?? 5499), database: 'morna' });
    url = embedded.url;
    console.log(`embedded PostgreSQL, data in ${dataDir}`);
  }
  const orm = await MikroORM.init(ormOptions(url, { logger: () => undefined }));
  try {
    await orm.getMigrator().up();
    await seedDemoData(orm.em.fork());
  } finally {
    await orm.close(true);
  }
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    const [{ seeded }] = (await sql.query<{ seeded: boolean }>("SELECT EXISTS (SELECT 1 FROM purchase_order WHERE number LIKE 'PO-B%') AS seeded")).rows as [{ seeded: boolean }];
    if (seeded) {
      console.log('this database already holds seeded orders: not seeding again');
    } else {
      console.log(`seeding ${orders.toLocaleString('en')} orders × ${trackingPerOrder} tracking events (indexes built after)…`);
      const started = Date.now();
      await seedOrders(sql, { orders, trackingPerOrder, customers: Math.max(1, Math.floor(orders / 10)) }, { indexesAfter: true, log: console.log });
      console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await sql.end();
  }
  if (!embedded) return;
  console.log(`\nready: BENCH_DATABASE_URL=${url} npm run bench\n(Ctrl-C stops PostgreSQL; run this again to start it without seeding)`);
  const stop = () => void embedded!.stop().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('seeding failed:', err);
  process.exit(1);
});
