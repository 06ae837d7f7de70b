/// An entry's digests, one for each code generation a verification of its flow can reach:
/// `byGeneration[0]` is the HMAC of the entry under generation 1, and so on. The store compares
/// the one for the verification's current generation with the stored digest, so the whole check
/// is one atomic operation and the code itself never reaches the store.
///
/// The digests are either given, or made on demand by a function: a store that compares in
/// this process (``matches(_:generation:)``) then computes only the one it needs, while one that
/// sends them to a database (``byGeneration``) computes them all.
public struct EntryDigests: Sendable {
    private enum Source: Sendable {
        case given([[UInt8]])
        case made(generations: Int, digest: @Sendable (Int) -> [UInt8])
        /// The engine's own: HMACs of `entry` for verification `id` under `keys`.
        case keyed(generations: Int, keys: VerificationKeys, id: String, entry: String)
    }

    private let source: Source

    /// Wraps the digests of generations 1, 2, … in order.
    public init(_ byGeneration: [[UInt8]]) {
        source = .given(byGeneration)
    }

    /// The digests of generations 1 through `generations`, each made by `digest` when asked for.
    public init(generations: Int, digest: @escaping @Sendable (_ generation: Int) -> [UInt8]) {
        source = .made(generations: max(0, generations), digest: digest)
    }

    /// The digests of `entry` as a code of verification `id` under `keys`, generations 1 through
    /// `generations`, each made when asked for; a comparison makes no copy of it.
    init(generations: Int, keys: VerificationKeys, id: String, entry: String) {
        source = .keyed(generations: max(0, generations), keys: keys, id: id, entry: entry)
    }

    /// How many generations the entry has a digest for.
    public var generations: Int {
        switch source {
        case .given(let digests): digests.count
        case .made(let generations, _): generations
        case .keyed(let generations, _, _, _): generations
        }
    }

    /// The entry's digest under generation 1, 2, …
    public var byGeneration: [[UInt8]] {
        switch source {
        case .given(let digests): digests
        case .made(let generations, let digest): (0..<generations).map { digest($0 + 1) }
        case .keyed(let generations, let keys, let id, let entry):
            (0..<generations).map { keys.digest(id: id, generation: $0 + 1, code: entry) }
        }
    }

    /// The entry's digest under `generation`, if the flow can reach it.
    public func digest(forGeneration generation: Int) -> [UInt8]? {
        guard generation >= 1, generation <= generations else { return nil }
        switch source {
        case .given(let digests): return digests[generation - 1]
        case .made(_, let digest): return digest(generation)
        case .keyed(_, let keys, let id, let entry):
            return keys.digest(id: id, generation: generation, code: entry)
        }
    }

    /// Whether the entry's digest under `generation` equals `stored`, compared in constant time
    /// (every byte is visited whatever the first difference; only the lengths, which are public,
    /// may end it early).
    public func matches(_ stored: [UInt8], generation: Int) -> Bool {
        guard generation >= 1, generation <= generations else { return false }
        if case .keyed(_, let keys, let id, let entry) = source {
            return keys.digestMatches(stored, id: id, generation: generation, code: entry)
        }
        guard let candidate = digest(forGeneration: generation) else { return false }
        return Self.constantTimeEquals(candidate, stored)
    }

    /// `a == b` in time that depends only on the lengths.
    package static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in constantTimeEquals(a, b) } }
    }

    /// `a == b` in time that depends only on the lengths.
    static func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// The answer to ``VerificationStore/checkEntry(id:digests:exhaustedState:now:)``.
public enum EntryCheck: Sendable, Hashable {
    /// The entry matched: the verification is now approved, by this call.
    case approved
    /// The entry did not match; the attempt was counted (`attempts` of `maxAttempts`). When it
    /// was the last, the verification is now in the exhausted state the caller named.
    case wrong(attempts: Int, maxAttempts: Int)
    /// The entry could not be checked; nothing changed.
    case refused(AttemptRefusal)
}

extension VerificationStore {
    /// The two-step check for a store that does not provide its own: ``claimAttempt(id:now:)``,
    /// the constant-time comparison, then ``finish(id:generation:as:now:)``. Each step is atomic
    /// and the finish is conditional on the generation, so the outcome is still exact under
    /// races; a store that does it in one operation saves a round trip.
    public func checkEntry(
        id: String, digests: EntryDigests, exhaustedState: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> EntryCheck {
        switch try await claimAttempt(id: id, now: now) {
        case .refused(let refusal):
            return .refused(refusal)
        case .granted(let digest, let generation, let attempts, let maxAttempts):
            if digests.matches(digest, generation: generation) {
                let won = try await finish(id: id, generation: generation, as: .approved, now: now)
                return won ? .approved : .refused(.alreadyApproved)
            }
            if attempts >= maxAttempts {
                _ = try await finish(id: id, generation: generation, as: exhaustedState, now: now)
            }
            return .wrong(attempts: attempts, maxAttempts: maxAttempts)
        }
    }
}
