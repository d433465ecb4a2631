import { Wallet } from 'ethers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnvil, type LocalChain } from '../../api/src/chain/anvil';
import type { ChainSettings } from '../../api/src/chain/chain-gateway';
import { loadConfig, type Config } from '../../api/src/config';
import { freePort } from './test-database';

/** One JSON-RPC call (anvil's test methods: anvil_setBalance, evm_snapshot, evm_revert, anvil_reorg…). */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** The run's anvil (started by the global setup). */
export const sharedChainUrl = (): string => process.env.MORNA_TEST_CHAIN_URL!;

/**
 * Chain settings for a test file's API on `url` (the run's anvil unless given): a fresh account funded with
 * anvil_setBalance signs, so each file deploys its own contract and no two files share nonces; the outbox runs
 * every 100 ms and retries after 200 ms (doubling up to 1 s).
 */
export async function testChain(url = sharedChainUrl(), more: Partial<ChainSettings> = {}): Promise<Partial<Config>> {
  const wallet = Wallet.createRandom();
  await rpc(url, 'anvil_setBalance', [wallet.address, '0x56BC75E2D63100000']);
  const chain: ChainSettings = {
    ...loadConfig({ NODE_ENV: 'test' }).chain, rpcUrl: url, privateKey: wallet.privateKey, contractAddress: undefined, confirmations: 1,
    intervalMs: 100, retryBaseMs: 200, retryMaxMs: 1000, rpcTimeoutMs: 3000, ...more,
  };
  return { chain };
}

/** An anvil of a test file's own (to stop and start it), its chain kept in a state file across restarts. */
export async function ownAnvil(): Promise<{ url: string; chain: LocalChain; restart(): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  const stateFile = join(mkdtempSync(join(tmpdir(), 'morna-test-anvil-')), 'state.json');
  let chain = await startAnvil({ port, stateFile });
  return {
    url: chain.url,
    get chain() {
      return chain;
    },
    restart: async () => {
      chain = await startAnvil({ port, stateFile });
    },
    stop: () => chain.stop(),
  };
}
