public import Verification

extension SQLiteVerificationStore {
    /// The store's floor for one start+check pair (iDenfy, default policy): the bare statements a
    /// pair needs, on this store's connection and in the same transactions, with no engine around
    /// them: the start's transaction (the per-number throttle's upsert, the verification and its
    /// three steps) and the check's (the attempt's conditional update, then the approval). The
    /// benchmarks compare the engine with it.
    @_spi(Benchmarks)
    public func floorPair(id: String, phone: String, now: Timestamp) throws(VerificationStoreError) {
        let digest = [UInt8](repeating: 7, count: 32)
        let now = now.milliseconds
        try locked { (db) throws(VerificationStoreError) in
            try db.transaction { () throws(VerificationStoreError) in
                try db.run(
                    """
                    INSERT INTO rate_limits (key, tat) VALUES (?1, ?2 + 120000) ON CONFLICT (key) DO UPDATE \
                    SET tat = max(tat, ?2) + 120000 WHERE max(tat, ?2) + 120000 - ?2 <= 600000 RETURNING tat
                    """, .text("number:" + phone), .integer(now))
                try db.run(
                    """
                    INSERT INTO verifications (id, flow, account, phone, region, reference, state, code_digest, \
                    code_generation, attempts, max_attempts, created_at, expires_at, finished_at) \
                    VALUES (?, 'idenfy', 'bench', ?, 'US', NULL, 'pending', ?, 1, 0, 5, ?, ?, NULL)
                    """, .text(id), .text(phone), .blob(digest), .integer(now), .integer(now + 300_000))
                for kind in ["call_same_code", "call_new_code", "expire"] {
                    try db.run(
                        """
                        INSERT INTO verification_steps (verification_id, kind, due_at, sealed_code, lease_until, done) \
                        VALUES (?, ?, ?, ?, NULL, 0)
                        """, .text(id), .text(kind), .integer(now + 120_000),
                        kind == "call_same_code" ? .blob(digest) : .null)
                }
            }
        }
        try locked { (db) throws(VerificationStoreError) in
            try db.transaction { () throws(VerificationStoreError) in
                try db.run(
                    """
                    UPDATE verifications SET attempts = attempts + 1 \
                    WHERE id = ? AND state = 'pending' AND expires_at > ? AND attempts < max_attempts \
                    RETURNING code_digest, code_generation, attempts, max_attempts
                    """, .text(id), .integer(now))
                try db.run(
                    "UPDATE verifications SET state = ?, finished_at = ? WHERE id = ?",
                    .text("approved"), .integer(now), .text(id))
            }
        }
    }
}
