import { MikroORM, Options, ReflectMetadataProvider } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { join } from 'node:path';
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

/** Connects and applies every pending migration; returns the ORM ready to serve. */
export async function connectAndMigrate(clientUrl: string, extra: Partial<Options> = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl, extra));
  await orm.getMigrator().up();
  return orm;
}
