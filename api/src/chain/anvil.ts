import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stoppedWithParent } from '../db/postgres-runner';

/** A local EVM node (Foundry's anvil) run from the npm package, for `npm start`, the tests and the benchmark. */
export interface LocalChain {
  /** JSON-RPC URL, e.g. http://127.0.0.1:8545 */
  url: string;
  port: number;
  /** Stops the node (SIGINT: anvil writes its `--state` file first); resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Anvil's first development account (mnemonic "test test … junk"), funded on every anvil chain: the default
 * signer outside production when CHAIN_PRIVATE_KEY is unset. Public knowledge, never a secret.
 */
export const ANVIL_DEV_PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/**
 * The anvil program from `@foundry-rs/anvil-<platform>-<arch>`, the optional dependency `@foundry-rs/anvil`
 * installs. That package's postinstall (not allowed in package.json `allowScripts`, and skipped by npm 11 by
 * default) only checks for this package and, when it is missing, downloads the same tarball itself; its `anvil`
 * launcher is not used either: the binary is located here, so nothing but npm ever fetches it.
 */
export function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const os = process.platform === 'win32' ? 'win32' : process.platform;
  const pkg = `@foundry-rs/anvil-${os}-${arch}`;
  const program = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  for (const modules of require.resolve.paths(pkg) ?? []) {
    const bin = join(modules, pkg, 'bin', program);
    if (existsSync(bin)) return bin;
  }
  throw new Error(`The anvil binary for this platform is missing (npm package ${pkg}); run npm ci, or set CHAIN_RPC_URL.`);
}

/**
 * Starts anvil on 127.0.0.1:`port` and resolves once it answers JSON-RPC. With `stateFile`, the chain is
 * loaded from it at start and written back at stop and every `stateIntervalSeconds` (so anchors survive a
 * restart of `npm start`); without it the chain lives in memory. `blockTime` (seconds) mines on a timer
 * instead of one block per transaction. Rejects with anvil's output when it exits first.
 */
export async function startAnvil(opts: { port: number; stateFile?: string; stateIntervalSeconds?: number; blockTime?: number }): Promise<LocalChain> {
  const args = ['--host', '127.0.0.1', '--port', String(opts.port), '--silent'];
  if (opts.stateFile) {
    mkdirSync(dirname(opts.stateFile), { recursive: true });
    args.push('--state', opts.stateFile, '--state-interval', String(opts.stateIntervalSeconds ?? 5));
  }
  if (opts.blockTime) args.push('--block-time', String(opts.blockTime));
  const [command, commandArgs] = stoppedWithParent([anvilBinary(), args]);
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  };
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (dead) throw new Error(`anvil did not start: ${output.trim() || '(no output)'}`);
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not answer on ${url} within 30 s: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port: opts.port, stop };
}

/** Whether a JSON-RPC node answers `eth_chainId` at `url` within a second. */
async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}
