import PostgresNIO
public import Verification

extension PostgresVerificationStore {
    /// The store's floor for one start+check pair (iDenfy, default policy): the bare statements a
    /// pair needs, the same prepared statements the store uses, with no engine around them: the
    /// start's call (the per-number throttle's upsert, the verification with its three steps) and
    /// the check's one conditional update. The benchmarks compare the engine with it.
    @_spi(Benchmarks)
    public func floorPair(id: String, phone: String, now: Timestamp) async throws {
        let now = now.milliseconds
        let digest = ByteBuffer(bytes: [UInt8](repeating: 7, count: 32))
        let record = VerificationRecordColumns(
            id: id, flow: "idenfy", account: "bench", phone: phone, region: "US", reference: nil,
            state: "pending", digest: digest, generation: 1, attempts: 0, maxAttempts: 5, createdAt: now,
            expiresAt: now + 300_000, finishedAt: nil)
        for try await _ in try await client.execute(
            StartStatement(
                keys: ["number:" + phone], intervals: [120_000], windows: [600_000], enforced: [true],
                now: now,
                record: record, kinds: ["call_same_code", "call_new_code", "expire"],
                dues: [now + 120_000, now + 300_000, now + 600_000],
                sealed: [digest, ByteBuffer(), ByteBuffer()]))
        {}
        for try await _ in try await client.execute(
            CheckEntryStatement(
                id: id, now: now, digests: [digest],
                nonce: ByteBuffer(bytes: [UInt8](repeating: 1, count: 16)),
                exhaustedState: "locked"))
        {}
    }
}
