// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title Morna traceability anchors
/// @notice Records the Merkle root of each batch of traceability events. A root's leaves are event hashes
/// (keccak256 of the previous hash and the event's canonical JSON); inner nodes hash their two children in
/// ascending order, so OpenZeppelin's MerkleProof.verify(proof, root, leaf) checks an inclusion proof.
contract MornaAnchor {
    /// @notice The account allowed to anchor: the deployer.
    address public immutable owner;

    /// @notice Block number in which each root was first anchored (0: never).
    mapping(bytes32 => uint256) public anchoredAt;

    /// @notice A batch of `leafCount` events was anchored under `root`.
    event Anchored(bytes32 indexed root, uint32 leafCount, address sender);

    error NotOwner();
    error EmptyBatch();

    constructor() {
        owner = msg.sender;
    }

    /// @notice Anchors a batch root. Anchoring a known root again (a retry after a reorganisation or a lost
    /// receipt) keeps the first block and emits the event again, so the retry's transaction proves it too.
    function anchor(bytes32 root, uint32 leafCount) external {
        if (msg.sender != owner) revert NotOwner();
        if (leafCount == 0) revert EmptyBatch();
        if (anchoredAt[root] == 0) anchoredAt[root] = block.number;
        emit Anchored(root, leafCount, msg.sender);
    }
}
