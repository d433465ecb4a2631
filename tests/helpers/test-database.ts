import { Client } from 'pg';

/** The migrated, seeded database every test file clones. */
export const TEMPLATE_DATABASE = 'morna_test_template';

export { freePort } from '../../api/src/shared/free-port';

/** URL of `database` on the test server (MORNA_TEST_SERVER_URL is set by the global setup). */
export function testDatabaseUrl(database: string): string {
  const server = new URL(process.env.MORNA_TEST_SERVER_URL!);
  server.pathname = `/${database}`;
  return server.toString();
}

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
