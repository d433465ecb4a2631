import { concat, keccak256, toUtf8Bytes } from 'ethers';
import { buildMerkleTree, hashPair, rootFromProof, verifyProof } from '../../api/src/chain/merkle.rules';

const leaf = (n: number) => keccak256(toUtf8Bytes(`event-${n}`));
const sorted = (a: string, b: string) => (a < b ? keccak256(concat([a, b])) : keccak256(concat([b, a])));

describe('Merkle tree (OpenZeppelin sorted pairs)', () => {
  it('hashes a pair in ascending order whichever way it is given', () => {
    expect(hashPair(leaf(1), leaf(2))).toBe(hashPair(leaf(2), leaf(1)));
    expect(hashPair(leaf(1), leaf(2))).toBe(sorted(leaf(1), leaf(2)));
  });

  it.each([
    ['one leaf: the root is the leaf, with an empty proof', 1, (l: string[]) => l[0]!],
    ['two leaves: the root hashes the pair', 2, (l: string[]) => sorted(l[0]!, l[1]!)],
    ['three leaves: the odd leaf moves up unchanged', 3, (l: string[]) => sorted(sorted(l[0]!, l[1]!), l[2]!)],
    ['four leaves: a full tree', 4, (l: string[]) => sorted(sorted(l[0]!, l[1]!), sorted(l[2]!, l[3]!))],
    ['five leaves: the fifth rises two levels alone', 5, (l: string[]) => sorted(sorted(sorted(l[0]!, l[1]!), sorted(l[2]!, l[3]!)), l[4]!)],
  ])('builds the root of %s', (_name, count, expected) => {
    const leaves = Array.from({ length: count }, (_, i) => leaf(i));
    expect(buildMerkleTree(leaves).root).toBe(expected(leaves));
  });

  it.each([1, 2, 3, 7, 8, 33, 1000])('gives every one of %i leaves a proof that leads to the root, and to no other leaf', (count) => {
    const leaves = Array.from({ length: count }, (_, i) => leaf(i));
    const tree = buildMerkleTree(leaves);
    leaves.forEach((l, i) => {
      expect(rootFromProof(l, tree.proofs[i]!)).toBe(tree.root);
      expect(tree.proofs[i]!.length).toBeLessThanOrEqual(Math.ceil(Math.log2(count)));
    });
    if (count > 1) expect(verifyProof(leaf(count + 1), tree.proofs[0]!, tree.root)).toBe(false);
  });

  it('refuses an empty batch and a leaf that is not 32 bytes', () => {
    expect(() => buildMerkleTree([])).toThrow('at least one leaf');
    expect(() => buildMerkleTree(['0x1234'])).toThrow('32-byte');
  });
});
