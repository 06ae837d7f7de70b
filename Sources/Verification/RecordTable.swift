/// The in-memory store's verifications by id.
///
/// An index from id to slot, and the records in fixed-size chunks of slots:
/// - The index (``SlotIndex``) holds 32 bits of each id's hash beside its slot: a probe compares
///   those, and reads an id only when they are equal. An id is hashed once an operation.
/// - A record never moves once written. Growing the store adds a chunk; it never copies every
///   record into an array twice as large while the store's lock is held.
/// - A record is changed in place, and slots freed by purges are reused.
struct RecordTable {
    /// Slots in a chunk: 1,024 records of about 200 bytes.
    private static let chunkShift = 10
    private static let chunkSize = 1 << chunkShift

    private var index = SlotIndex()
    /// Slot `s` is `chunks[s >> chunkShift][s & (chunkSize - 1)]`. Every chunk but the last is
    /// full; the last was made with room for `chunkSize`, so appending to it moves nothing.
    private var chunks: [[VerificationRecord?]] = []
    private var free: [Int] = []

    /// The verification `id`.
    subscript(id: String) -> VerificationRecord? {
        guard let slot = slot(of: id, hash: id.hashValue) else { return nil }
        return chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)]
    }

    /// The slot that holds the verification `id`, whose hash is `hash`.
    private func slot(of id: String, hash: Int) -> Int? {
        index.find(hash: hash) { slot in
            chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)]?.id == id
        }
    }

    /// Stores `record`, in place of the one with its id if there is one.
    mutating func store(_ record: VerificationRecord) {
        let hash = record.id.hashValue
        if let existing = slot(of: record.id, hash: hash) {
            chunks[existing >> Self.chunkShift][existing & (Self.chunkSize - 1)] = record
            return
        }
        let slot = free.last ?? nextSlot
        index.insert(hash: hash, slot: slot)
        if slot == nextSlot {
            if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
                var chunk: [VerificationRecord?] = []
                chunk.reserveCapacity(Self.chunkSize)
                chunks.append(chunk)
            }
            chunks[chunks.count - 1].append(record)
        } else {
            free.removeLast()
            chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] = record
        }
    }

    /// The slot after the last one used.
    private var nextSlot: Int {
        chunks.isEmpty ? 0 : (chunks.count - 1) << Self.chunkShift + chunks[chunks.count - 1].count
    }

    /// Whether the verification `id` is kept.
    func contains(_ id: String) -> Bool { slot(of: id, hash: id.hashValue) != nil }

    /// Runs `body` on the verification `id`, changed in place; `nil` when there is none.
    mutating func modify<Result>(_ id: String, _ body: (inout VerificationRecord) -> Result) -> Result? {
        guard let slot = slot(of: id, hash: id.hashValue) else { return nil }
        // Optional chaining on the slot modifies the record where it is, with no copy.
        return chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)]?.changed(by: body)
    }

    /// Removes every verification that `shouldRemove` picks; returns how many.
    mutating func removeAll(where shouldRemove: (VerificationRecord) -> Bool) -> Int {
        var removed = 0
        for chunk in chunks.indices {
            for position in chunks[chunk].indices {
                guard let record = chunks[chunk][position], shouldRemove(record) else { continue }
                let slot = chunk << Self.chunkShift + position
                chunks[chunk][position] = nil
                index.remove(hash: record.id.hashValue, slot: slot)
                free.append(slot)
                removed += 1
            }
        }
        return removed
    }
}

extension VerificationRecord {
    /// `body`'s result after it changed this record (for changes in place through an optional).
    fileprivate mutating func changed<Result>(by body: (inout VerificationRecord) -> Result) -> Result {
        body(&self)
    }
}
