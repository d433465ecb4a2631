import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../config';

/** The compiled anchor contract: what deploying and calling it needs. */
export interface AnchorArtifact {
  contractName: 'MornaAnchor';
  compiler: string;
  abi: unknown[];
  /** Creation bytecode, 0x-prefixed. */
  bytecode: string;
}

/** The Solidity source in the repository. */
export const ANCHOR_SOURCE = join(repoRoot, 'contracts', 'MornaAnchor.sol');
/** Where the build writes the artifact (generated, git-ignored under api/dist). */
export const ANCHOR_ARTIFACT = join(repoRoot, 'api', 'dist', 'contracts', 'MornaAnchor.json');

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

/**
 * Compiles contracts/MornaAnchor.sol with the npm `solc` (pure JavaScript, no download), optimiser on, for
 * the Cancun EVM (what public EVM networks and anvil run). Throws with solc's messages on an error.
 */
export function compileAnchorContract(): AnchorArtifact {
  // solc ships no types; its API is one function.
  const solc = require('solc') as { compile(input: string): string; version(): string };
  const input = {
    language: 'Solidity',
    sources: { 'MornaAnchor.sol': { content: readFileSync(ANCHOR_SOURCE, 'utf8') } },
    settings: { optimizer: { enabled: true, runs: 1000 }, evmVersion: 'cancun', outputSelection: { '*': { MornaAnchor: ['abi', 'evm.bytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const compiled = output.contracts?.['MornaAnchor.sol']?.MornaAnchor;
  if (!compiled) throw new Error('solc produced no MornaAnchor contract');
  return { contractName: 'MornaAnchor', compiler: `solc ${solc.version()}`, abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

/** Compiles and writes the artifact to `ANCHOR_ARTIFACT` (the API build's last step). */
export function writeAnchorArtifact(): AnchorArtifact {
  const artifact = compileAnchorContract();
  mkdirSync(dirname(ANCHOR_ARTIFACT), { recursive: true });
  writeFileSync(ANCHOR_ARTIFACT, `${JSON.stringify(artifact, null, 2)}\n`);
  return artifact;
}

let loaded: AnchorArtifact | undefined;

/**
 * The built artifact; when it is missing (tests run from source before a build) the source is compiled now.
 */
export function anchorArtifact(): AnchorArtifact {
  loaded ??= existsSync(ANCHOR_ARTIFACT) ? (JSON.parse(readFileSync(ANCHOR_ARTIFACT, 'utf8')) as AnchorArtifact) : compileAnchorContract();
  return loaded;
}
