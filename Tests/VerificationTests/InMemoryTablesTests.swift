import Testing
import VerificationTestSupport

@testable import Verification

/// The in-memory store's tables against plain dictionaries: random stores, replacements, changes
/// in place and purges over several chunks of slots, so that slots freed by a purge are used
/// again and emptied chunks are dropped.
@Suite("The in-memory store's tables")
struct InMemoryTablesTests {
    static func record(_ id: String, attempts: Int = 0, finished: Bool = false) -> VerificationRecord {
        VerificationRecord(
            id: id, flow: .idenfy, account: "a", phoneNumber: "+12015550123", region: "US", reference: nil,
            state: finished ? .approved : .pending, codeDigest: [1, 2, 3], codeGeneration: 1,
            attempts: attempts, maxAttempts: 5, createdAt: Timestamp(milliseconds: 0),
            expiresAt: Timestamp(milliseconds: 1_000),
            finishedAt: finished ? Timestamp(milliseconds: 10) : nil)
    }

    @Test("Random operations agree with a dictionary", arguments: [1, 2, 3] as [UInt64])
    func agreesWithDictionary(_ seed: UInt64) {
        var random = ModelSequence.SplitMix(state: seed)
        var table = RecordTable()
        var model: [String: VerificationRecord] = [:]
        // 6,000 ids: more than five chunks of 1,024 slots.
        let ids = (0..<6_000).map { "request-\($0)-\(String(repeating: "x", count: 24))" }
        for step in 0..<40_000 {
            let id = ids[Int(random.next() % UInt64(ids.count))]
            switch random.next() % 8 {
            case 0, 1, 2:
                let stored = Self.record(id, attempts: step % 5, finished: random.next() % 2 == 0)
                table.store(stored)
                model[id] = stored
            case 3, 4:
                let changed = table.modify(id) { record -> Int in
                    record.attempts += 1
                    return record.attempts
                }
                model[id]?.attempts += 1
                #expect(changed == model[id]?.attempts)
            case 5:
                #expect(table.contains(id) == (model[id] != nil))
            case 6 where step % 500 == 6:
                let removed = table.removeAll { $0.finishedAt != nil && $0.attempts % 2 == 0 }
                let kept = model.filter { $0.value.finishedAt == nil || $0.value.attempts % 2 != 0 }
                #expect(removed == model.count - kept.count)
                model = kept
            default:
                #expect(table[id] == model[id])
            }
        }
        for id in ids {
            #expect(table[id] == model[id], "\(id)")
        }
        #expect(table.removeAll { _ in true } == model.count)
        for id in ids where table.contains(id) {
            Issue.record("\(id) is still kept after every record was removed")
        }
    }

    @Test("A record changed in place keeps its id's slot; storing a kept id replaces it")
    func replaceAndModify() {
        var table = RecordTable()
        table.store(Self.record("a"))
        table.store(Self.record("b"))
        table.store(Self.record("a", attempts: 3))
        #expect(table["a"]?.attempts == 3)
        #expect(table["b"]?.attempts == 0)
        #expect(table.modify("missing") { _ in true } == nil)
        #expect(table.removeAll { $0.id == "a" } == 1)
        #expect(table["a"] == nil)
        // The freed slot is used again, and "b" is untouched.
        table.store(Self.record("c", attempts: 4))
        #expect(table["c"]?.attempts == 4)
        #expect(table["b"]?.attempts == 0)
    }

    @Test(
        "The slot index agrees with a dictionary, with hashes crowded into a few buckets",
        arguments: [(1, 3), (2, 1_000), (3, 1 << 40)] as [(UInt64, Int)])
    func slotIndex(_ seed: UInt64, _ spread: Int) {
        var random = ModelSequence.SplitMix(state: seed)
        var index = SlotIndex()
        // Slot → hash. Hashes are `spread` values at most, many of them in the last buckets, so
        // runs are long and wrap round the end of the table.
        var model: [Int: Int] = [:]
        for _ in 0..<20_000 {
            let slot = Int(random.next() % 3_000)
            let hash = (Int(random.next() % UInt64(spread)) | 0xFFFF_FFF0) << 32
            if let held = model[slot] {
                if random.next() % 3 == 0 {
                    let removed = index.remove(hash: held, slot: slot)
                    #expect(removed)
                    model[slot] = nil
                } else {
                    #expect(index.find(hash: held) { $0 == slot } == slot)
                }
            } else if random.next() % 2 == 0 {
                index.insert(hash: hash, slot: slot)
                model[slot] = hash
            } else {
                #expect(index.find(hash: hash) { $0 == slot } == nil)
                let removed = index.remove(hash: hash, slot: slot)
                #expect(!removed)
            }
            #expect(index.count == model.count)
        }
        for (slot, hash) in model {
            #expect(index.find(hash: hash) { $0 == slot } == slot)
        }
    }

    @Test("Steps keep their ids across purges that drop whole chunks", arguments: [1, 2] as [UInt64])
    func stepTable(_ seed: UInt64) {
        var random = ModelSequence.SplitMix(state: seed)
        var table = StepTable()
        var model: [Int64: InMemoryVerificationStore.StoredStep] = [:]
        var lastID: Int64 = 0
        for round in 0..<12 {
            // Appends, then changes in place, then a purge of most steps (of every step, every
            // fourth round), so that leading chunks empty out.
            for _ in 0..<(700 + Int(random.next() % 900)) {
                let step = InMemoryVerificationStore.StoredStep(
                    verificationID: "v\(lastID + 1)",
                    step: ScheduledStep(kind: .expire, dueAt: Timestamp(milliseconds: Int64(round))),
                    leaseUntil: nil, done: false)
                let id = table.append(step)
                #expect(id == lastID + 1)
                lastID = id
                model[id] = step
            }
            for _ in 0..<500 {
                let id = Int64(random.next() % UInt64(lastID + 10))
                table[id]?.done = true
                model[id]?.done = true
            }
            let removed = table.removeAll { $0.done || round % 4 == 3 }
            let kept = model.filter { !$0.value.done && round % 4 != 3 }
            #expect(removed == model.count - kept.count)
            model = kept
            for id in 0...(lastID + 2) {
                #expect(table[id]?.verificationID == model[id]?.verificationID, "step \(id)")
            }
        }
    }

    @Test(
        "Limit keys are equal exactly when their strings are: inline up to 31 bytes, kept whole past that",
        arguments: [
            ("number:+12015550123", "number:+12015550124"),
            ("country:US", "country:U"),
            ("a", "a\u{0}"),
            ("", "\u{0}"),
            // 31 bytes inline; 32 and more kept whole, equal in their first 31 bytes.
            (String(repeating: "k", count: 31), String(repeating: "k", count: 32)),
            (String(repeating: "k", count: 32) + "x", String(repeating: "k", count: 32) + "y"),
            (
                "account:" + String(repeating: "é", count: 20),
                "account:" + String(repeating: "é", count: 19) + "e"
            ),
        ])
    func limitKeys(_ key: String, _ other: String) {
        // The same characters in a string of its own (no storage shared with `key`).
        let copy = String(decoding: Array(key.utf8), as: UTF8.self)
        #expect(LimitKey(key) == LimitKey(copy))
        #expect(LimitKey(key).hashValue == LimitKey(copy).hashValue)
        #expect(LimitKey(key) != LimitKey(other))
        var table: [LimitKey: Int] = [LimitKey(key): 1, LimitKey(other): 2]
        #expect(table[LimitKey(copy)] == 1)
        #expect(table[LimitKey(String(decoding: Array(other.utf8), as: UTF8.self))] == 2)
        table[LimitKey(copy)] = 3
        #expect(table.count == 2 && table[LimitKey(key)] == 3)
        #expect(table[LimitKey("country:FR")] == nil)
    }
}
