import { rmSync } from 'node:fs';

/** Stops the run's anvil and embedded PostgreSQL (if the setup started one) and removes its data. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __mornaTestChain?: { stop(): Promise<void> } }).__mornaTestChain?.stop();
  const server = (globalThis as { __mornaTestServer?: { stop(): Promise<void>; dataDir: string } }).__mornaTestServer;
  if (!server) return;
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
  if (process.env.MORNA_DATA_DIR) rmSync(process.env.MORNA_DATA_DIR, { recursive: true, force: true });
}
