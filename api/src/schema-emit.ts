import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './config';
import { buildMornaSchema, printMornaSchema } from './schema';

/** `npm run schema`: writes schema.graphql at the repository root (the clients' codegen reads it). */
buildMornaSchema()
  .then((schema) => {
    writeFileSync(join(repoRoot, 'schema.graphql'), printMornaSchema(schema));
    console.log('wrote schema.graphql');
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
