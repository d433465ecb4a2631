import { MikroORM, Options, ReflectMetadataProvider } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { join } from 'node:path';
import { underStartupLock } from './startup-lock';
import { migrationsList } from '../../../migrations';
import { entities } from './entities';
import { repoRoot } from '../config';

/** MikroORM options for one database URL: the explicit entity list and the committed migrations. */
export function ormOptions(clientUrl: string, extra: Partial<Options> = {}): Options {
  return {
    clientUrl,
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: join(repoRoot, 'migrations'),
      pathTs: join(repoRoot, 'migrations'),
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
    },
    pool: { min: 0, max: 10 },
    forceUtcTimezone: true,
    // Unknown fields in queries are programming errors; fail loudly.
    validate: true,
    strict: true,
    ...extra,
  };
}

/**
 * Options under which no statement outlives `ms`: PostgreSQL cancels it (and a transaction around it rolls
 * back) and a lock wait ends at the same bound, so work cut off by a request's time budget gives its connection
 * back instead of running on unseen.
 */
export function statementTimeout(ms: number): Partial<Options> {
  return { driverOptions: { connection: { options: `-c statement_timeout=${ms} -c lock_timeout=${ms}` } } };
}

/**
 * Applies every pending migration (on connections of their own: a migration may take long), then connects
 * with `extra` and returns the ORM ready to serve. Instances starting together take turns (start-up lock):
 * the first applies the migrations, the others then find none pending, so none runs twice. The migrator's
 * lines ("Applied 'Migration…'") go to `log`, not to the console.
 */
export async function connectAndMigrate(clientUrl: string, extra: Partial<Options> = {}, log: (message: string) => void = () => {}): Promise<MikroORM> {
  await underStartupLock(clientUrl, async () => {
    const migrating = await MikroORM.init(ormOptions(clientUrl, { logger: log }));
    try {
      await migrating.getMigrator().up();
    } finally {
      await migrating.close(true);
    }
  });
  return MikroORM.init(ormOptions(clientUrl, extra));
}
