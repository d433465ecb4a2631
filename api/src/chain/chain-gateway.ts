import { Contract, ContractFactory, FetchRequest, Interface, JsonRpcProvider, Network, Wallet } from 'ethers';
import { anchorArtifact } from './anchor-contract';

/** How Morna reaches its EVM chain (CHAIN_* settings). */
export interface ChainSettings {
  /** JSON-RPC URL of the node; `npm start` fills it with its local anvil's when CHAIN_RPC_URL is unset. */
  rpcUrl?: string;
  /** Signer of anchor transactions (CHAIN_PRIVATE_KEY); the contract's owner when Morna deploys it. */
  privateKey?: string;
  /** The deployed MornaAnchor (CHAIN_CONTRACT_ADDRESS); unset: Morna deploys one and remembers it per chain. */
  contractAddress?: string;
  /** Blocks (the transaction's own included) before an anchor counts as confirmed (CHAIN_CONFIRMATIONS). */
  confirmations: number;
  /** Most events in one anchoring transaction (ANCHOR_BATCH_SIZE). */
  batchSize: number;
  /** How often the anchoring outbox runs without being woken (ANCHOR_INTERVAL_MS). */
  intervalMs: number;
  /** First retry delay of a failed batch, doubled per attempt up to `retryMaxMs` (ANCHOR_RETRY_BASE_MS, ANCHOR_RETRY_MAX_MS). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Confirmed anchors younger than this many blocks are re-checked for reorganisations (ANCHOR_REORG_WINDOW). */
  reorgWindowBlocks: number;
  /** How long one JSON-RPC call may take (CHAIN_RPC_TIMEOUT_MS). */
  rpcTimeoutMs: number;
}

/** What `/health` says about the chain. */
export type ChainHealth = { status: 'up'; chainId: number; block: number } | { status: 'down'; error: string } | { status: 'unconfigured' };

/** Where an anchor transaction landed, read from the chain. */
export interface MinedAnchor {
  blockNumber: number;
  blockHash: string;
  /** Whether the receipt holds `Anchored(root, …)` from the contract (a reverted transaction has none). */
  anchored: boolean;
}

const anchorInterface = (): Interface => new Interface(anchorArtifact().abi as never);

/**
 * The API's connection to its EVM chain with ethers: reads (head, receipts, blocks, code) and the signer's
 * writes (deploy, anchor). Every call fails fast with the node's or the network's error when the chain is down;
 * the provider learns the chain id once and then never probes the network in the background.
 */
export class ChainGateway {
  private provider: JsonRpcProvider | undefined;
  private chain: number | undefined;

  constructor(readonly settings: ChainSettings) {}

  get configured(): boolean {
    return Boolean(this.settings.rpcUrl);
  }

  /** The signer's address; throws when no key is configured. */
  get signerAddress(): string {
    return new Wallet(this.requireKey()).address;
  }

  /** The provider, connected on first use (reads eth_chainId). Throws when unconfigured or unreachable. */
  async connect(): Promise<{ provider: JsonRpcProvider; chainId: number }> {
    if (!this.settings.rpcUrl) throw new Error('No chain configured (CHAIN_RPC_URL)');
    if (!this.provider || this.chain === undefined) {
      const request = this.request();
      request.body = { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] };
      request.setHeader('content-type', 'application/json');
      const response = await request.send();
      response.assertOk();
      const chainId = Number(BigInt((response.bodyJson as { result: string }).result));
      const network = Network.from(chainId);
      this.provider = new JsonRpcProvider(this.request(), network, { staticNetwork: network, batchMaxCount: 1 });
      this.chain = chainId;
    }
    return { provider: this.provider, chainId: this.chain };
  }

  async chainId(): Promise<number> {
    return (await this.connect()).chainId;
  }

  async health(): Promise<ChainHealth> {
    if (!this.configured) return { status: 'unconfigured' };
    try {
      const { chainId } = await this.connect();
      return { status: 'up', chainId, block: await this.head() };
    } catch (err) {
      return { status: 'down', error: errorText(err) };
    }
  }

  // Reads go straight to JSON-RPC (`provider.send`): ethers' own getters share identical requests for 250 ms,
  // and a head or receipt read just before a transaction was mined would come back stale.

  async head(): Promise<number> {
    return Number(await this.call<string>('eth_blockNumber', []));
  }

  /** Whether contract code exists at `address`. */
  async hasCode(address: string): Promise<boolean> {
    return (await this.call<string>('eth_getCode', [address, 'latest'])) !== '0x';
  }

  /** Deploys MornaAnchor from the signer (its owner); resolves with the address once mined. */
  async deploy(): Promise<{ address: string; txHash: string }> {
    const { provider } = await this.connect();
    const { abi, bytecode } = anchorArtifact();
    const contract = await new ContractFactory(abi as never, bytecode, new Wallet(this.requireKey(), provider)).deploy();
    await contract.waitForDeployment();
    return { address: await contract.getAddress(), txHash: contract.deploymentTransaction()!.hash };
  }

  /** Sends `anchor(root, leafCount)` to `contract`; resolves with the transaction hash once the node accepted it. */
  async sendAnchor(contract: string, root: string, leafCount: number): Promise<string> {
    const { provider } = await this.connect();
    const wallet = new Wallet(this.requireKey(), provider);
    // The nonce read fresh: ethers would share an identical nonce request made within 250 ms, and two anchors
    // sent in a row would then carry the same nonce.
    const nonce = Number(await this.call<string>('eth_getTransactionCount', [wallet.address, 'pending']));
    const anchor = new Contract(contract, anchorArtifact().abi as never, wallet);
    const tx = (await anchor.getFunction('anchor')(root, leafCount, { nonce })) as { hash: string };
    return tx.hash;
  }

  /**
   * Where `txHash` was mined, with whether it anchored `root` in `contract`; null when the node has no receipt
   * (still pending, dropped, or reorganised away — see `knowsTransaction`).
   */
  async minedAnchor(txHash: string, contract: string, root: string): Promise<MinedAnchor | null> {
    const receipt = await this.call<RawReceipt | null>('eth_getTransactionReceipt', [txHash]);
    if (!receipt) return null;
    return { blockNumber: Number(receipt.blockNumber), blockHash: receipt.blockHash, anchored: anchorsRoot(receipt, contract, root) };
  }

  /** Whether the node still knows the transaction (mined or in its pool). */
  async knowsTransaction(txHash: string): Promise<boolean> {
    return (await this.call<unknown>('eth_getTransactionByHash', [txHash])) !== null;
  }

  /** The hash of block `number` on the canonical chain now; null past the head. */
  async blockHash(number: number): Promise<string | null> {
    return (await this.call<{ hash: string } | null>('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]))?.hash ?? null;
  }

  /** Gas used by a mined transaction (the benchmark's measure). */
  async gasUsed(txHash: string): Promise<bigint> {
    const receipt = await this.call<RawReceipt | null>('eth_getTransactionReceipt', [txHash]);
    if (!receipt) throw new Error(`No receipt for ${txHash}`);
    return BigInt(receipt.gasUsed);
  }

  private async call<T>(method: string, params: unknown[]): Promise<T> {
    return (await (await this.connect()).provider.send(method, params)) as T;
  }

  /** Forgets the connection (the next call reconnects); the node may have been replaced. */
  reset(): void {
    this.provider?.destroy();
    this.provider = undefined;
    this.chain = undefined;
  }

  private request(): FetchRequest {
    const request = new FetchRequest(this.settings.rpcUrl!);
    request.timeout = this.settings.rpcTimeoutMs;
    return request;
  }

  private requireKey(): string {
    if (!this.settings.privateKey) throw new Error('No signer key configured (CHAIN_PRIVATE_KEY)');
    return this.settings.privateKey;
  }
}

/** A transaction receipt as JSON-RPC returns it (hex quantities). */
interface RawReceipt {
  status: string;
  blockNumber: string;
  blockHash: string;
  gasUsed: string;
  logs: { address: string; topics: string[]; data: string }[];
}

/** Whether `receipt` succeeded and holds an `Anchored` event for `root` emitted by `contract`. */
export function anchorsRoot(receipt: Pick<RawReceipt, 'logs' | 'status'>, contract: string, root: string): boolean {
  if (Number(receipt.status) !== 1) return false;
  const iface = anchorInterface();
  return receipt.logs.some((log) => {
    if (log.address.toLowerCase() !== contract.toLowerCase()) return false;
    const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
    return parsed?.name === 'Anchored' && String(parsed.args[0]).toLowerCase() === root.toLowerCase();
  });
}

/** A short readable reason from an ethers or network error. */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { shortMessage?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
    const cause = e.cause?.code ?? e.cause?.message;
    const text = e.shortMessage ?? e.message ?? String(err);
    return (cause && !text.includes(cause) ? `${text} (${cause})` : text).slice(0, 500);
  }
  return String(err).slice(0, 500);
}
