/** Stops the embedded PostgreSQL the global setup started (if it started one). */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __mornaTestServer?: { stop(): Promise<void> } }).__mornaTestServer?.stop();
}
