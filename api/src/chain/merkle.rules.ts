import { concat, getBytes, keccak256 } from 'ethers';

/** A 32-byte value as 0x-prefixed lowercase hex (66 characters). */
export type Hash32 = string;

/** A Merkle tree over 32-byte leaves: its root and, per leaf (in input order), the sibling path to it. */
export interface MerkleTree {
  root: Hash32;
  proofs: Hash32[][];
}

/**
 * keccak256 of the two nodes in ascending byte order (OpenZeppelin's `MerkleProof` "sorted pairs"), so a
 * proof needs no left/right flags.
 */
export function hashPair(a: Hash32, b: Hash32): Hash32 {
  return a.toLowerCase() < b.toLowerCase() ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

/**
 * Builds the tree level by level: adjacent nodes are paired (`hashPair`); an odd last node moves up unchanged
 * and gets no sibling at that level. One leaf is its own root with an empty proof. Leaves are used as given
 * (they are event hashes, never 64-byte inner-node preimages). Throws on no leaves or a leaf that is not 32 bytes.
 */
export function buildMerkleTree(leaves: readonly Hash32[]): MerkleTree {
  if (leaves.length === 0) throw new Error('A Merkle tree needs at least one leaf');
  for (const leaf of leaves) if (getBytes(leaf).length !== 32) throw new Error(`Not a 32-byte leaf: ${leaf}`);
  const proofs: Hash32[][] = leaves.map(() => []);
  // positions[i]: where leaf i's ancestor sits in the current level.
  let positions = leaves.map((_, i) => i);
  let level = leaves.map((l) => l.toLowerCase());
  while (level.length > 1) {
    const next: Hash32[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? hashPair(level[i]!, level[i + 1]!) : level[i]!);
    positions = positions.map((p, leaf) => {
      const sibling = p % 2 === 0 ? p + 1 : p - 1;
      if (sibling < level.length) proofs[leaf]!.push(level[sibling]!);
      return p >> 1;
    });
    level = next;
  }
  return { root: level[0]!, proofs };
}

/** Folds `proof` over `leaf` with `hashPair` (OpenZeppelin `MerkleProof.processProof`). */
export function rootFromProof(leaf: Hash32, proof: readonly Hash32[]): Hash32 {
  return proof.reduce((node, sibling) => hashPair(node, sibling), leaf.toLowerCase());
}

/** Whether `proof` leads from `leaf` to `root` (OpenZeppelin `MerkleProof.verify`). */
export function verifyProof(leaf: Hash32, proof: readonly Hash32[], root: Hash32): boolean {
  return rootFromProof(leaf, proof) === root.toLowerCase();
}
