import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMornaSchema, printMornaSchema } from '../../api/src/schema';

describe('schema.graphql', () => {
  it('is the schema the API serves (run `npm run schema` after changing resolvers)', async () => {
    const committed = readFileSync(join(__dirname, '../../schema.graphql'), 'utf8');
    expect(printMornaSchema(await buildMornaSchema())).toBe(committed);
  });
});
