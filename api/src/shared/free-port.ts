import { createServer } from 'node:net';

/** A TCP port nothing listens on now on 127.0.0.1 (for an embedded PostgreSQL of a test run or benchmark). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
