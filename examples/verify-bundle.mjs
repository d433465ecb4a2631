// Checks a Morna traceability proof bundle against any EVM node, trusting nothing from Morna's server.
// Run: node examples/verify-bundle.mjs bundle.json https://rpc.example.org   (ethers is the only dependency)
// Get a bundle: GET /trace/bundle/unit/<code> or /trace/bundle/order/<token> on Morna, or the page's button.
//
// For every event it recomputes keccak256(prevHash || canonicalJson(data)) from the data alone (each over the
// hash it recomputed before, from 32 zero bytes), folds the Merkle proof (sorted pairs, as OpenZeppelin's
// MerkleProof) up to the root, and reads the transaction's receipt from the node: it must have succeeded, be in
// the block the bundle names (still on the node's canonical chain), and hold Anchored(root, …) emitted by the
// bundle's contract. Exit code 0: every event verified; 1: something failed; 2: none failed but some are not
// anchored yet.
import { readFileSync } from 'node:fs';
import { concat, id, JsonRpcProvider, keccak256, toUtf8Bytes } from 'ethers';

/** Sorted keys, no whitespace, integers only: the serialisation Morna hashes (api/src/modules/traceability/trace.rules.ts). */
export function canonicalJson(value) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  throw new Error(`cannot serialise a ${typeof value}`);
}

const hashPair = (a, b) => (a.toLowerCase() < b.toLowerCase() ? keccak256(concat([a, b])) : keccak256(concat([b, a])));
const ANCHORED_TOPIC = id('Anchored(bytes32,uint32,address)');

/** Verifies `bundle` on the node at `rpcUrl`; returns one line per event and the overall result. */
export async function verifyBundle(bundle, rpcUrl) {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  const { chainId } = await provider.getNetwork();
  const receipts = new Map();
  const lines = [];
  let failed = 0;
  let pending = 0;
  let prev = `0x${'00'.repeat(32)}`;
  for (const event of bundle.events) {
    const problems = [];
    const hash = keccak256(concat([prev, toUtf8Bytes(canonicalJson(event.data))]));
    if (hash !== event.hash.toLowerCase()) problems.push('hash does not match the data');
    prev = hash;
    if (!event.anchor) {
      if (problems.length === 0) {
        pending += 1;
        lines.push(`#${event.seq} PENDING (not anchored yet)`);
        continue;
      }
    } else {
      const a = event.anchor;
      if (event.anchor.proof.reduce(hashPair, hash) !== a.root.toLowerCase()) problems.push('proof does not lead to the root');
      if (BigInt(a.chainId) !== chainId) problems.push(`anchored on chain ${a.chainId}, node is chain ${chainId}`);
      if (!receipts.has(a.txHash)) receipts.set(a.txHash, await provider.getTransactionReceipt(a.txHash));
      const receipt = receipts.get(a.txHash);
      if (!receipt) problems.push(`transaction ${a.txHash} not found`);
      else {
        if (receipt.status !== 1) problems.push('transaction failed');
        const block = await provider.getBlock(receipt.blockNumber);
        if (receipt.blockHash !== a.blockHash || block?.hash !== a.blockHash) problems.push(`block ${a.blockNumber} is not the bundle's (reorganised?)`);
        const anchored = receipt.logs.some((log) => log.address.toLowerCase() === a.contractAddress.toLowerCase() && log.topics[0] === ANCHORED_TOPIC && log.topics[1]?.toLowerCase() === a.root.toLowerCase());
        if (!anchored) problems.push('no Anchored(root) event from the contract in that transaction');
      }
    }
    if (problems.length > 0) failed += 1;
    lines.push(problems.length ? `#${event.seq} FAILED: ${problems.join('; ')}` : `#${event.seq} VERIFIED in tx ${event.anchor.txHash} (block ${event.anchor.blockNumber})`);
  }
  provider.destroy();
  const result = failed > 0 ? 'FAILED' : pending > 0 ? 'PENDING' : 'VERIFIED';
  return { result, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, rpcUrl] = process.argv.slice(2);
  if (!file || !rpcUrl) {
    console.error('usage: node examples/verify-bundle.mjs <bundle.json> <EVM JSON-RPC URL>');
    process.exit(64);
  }
  const { result, lines } = await verifyBundle(JSON.parse(readFileSync(file, 'utf8')), rpcUrl);
  console.log(lines.join('\n'));
  console.log(`bundle: ${result}`);
  process.exit(result === 'VERIFIED' ? 0 : result === 'PENDING' ? 2 : 1);
}
