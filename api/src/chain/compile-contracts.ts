import { ANCHOR_ARTIFACT, writeAnchorArtifact } from './anchor-contract';

/** `npm run build -w api` (after tsc): compiles contracts/MornaAnchor.sol into api/dist/contracts. */
const artifact = writeAnchorArtifact();
console.log(`compiled MornaAnchor with ${artifact.compiler} → ${ANCHOR_ARTIFACT}`);
