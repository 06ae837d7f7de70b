/// The in-memory store's steps by id.
///
/// Ids are handed out in order from 1, so a step's place follows from its id: no hashing. The
/// steps are kept in chunks of 1,024 slots that never move: growing the table adds a chunk, and
/// never copies every step into an array twice as large while the store's lock is held. Purged
/// steps leave empty slots; a chunk is dropped once every slot in it, and in the chunks before
/// it, is empty.
struct StepTable {
    typealias Step = InMemoryVerificationStore.StoredStep

    private static let chunkShift = 10
    private static let chunkSize = 1 << chunkShift

    /// Step `firstID + p` is `chunks[p >> chunkShift][p & (chunkSize - 1)]`, or `nil` once
    /// purged. Every chunk but the last is full; the last was made with room for `chunkSize`, so
    /// appending to it moves nothing.
    private var chunks: [[Step?]] = []
    /// The id of the first slot of the first chunk.
    private var firstID: Int64 = 1
    /// The slots used, from `firstID`.
    private var count = 0

    /// Stores `step` under the next id and returns the id.
    mutating func append(_ step: Step) -> Int64 {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Step?] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(step)
        count += 1
        return firstID + Int64(count - 1)
    }

    private func position(_ id: Int64) -> Int? {
        guard id >= firstID, id - firstID < Int64(count) else { return nil }
        return Int(id - firstID)
    }

    /// The step `id`, if it is kept; changed in place. Setting a step that is not kept does
    /// nothing.
    subscript(id: Int64) -> Step? {
        get { position(id).flatMap { chunks[$0 >> Self.chunkShift][$0 & (Self.chunkSize - 1)] } }
        _modify {
            if let position = position(id) {
                yield &chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)]
            } else {
                var absent: Step? = nil
                yield &absent
            }
        }
    }

    /// Removes every step that `shouldRemove` picks; returns how many.
    mutating func removeAll(where shouldRemove: (Step) -> Bool) -> Int {
        var removed = 0
        for chunk in chunks.indices {
            for slot in chunks[chunk].indices {
                guard let step = chunks[chunk][slot], shouldRemove(step) else { continue }
                chunks[chunk][slot] = nil
                removed += 1
            }
        }
        // Full chunks at the front with nothing left in them go; the ids of the rest stay.
        var empty = 0
        while empty < chunks.count, chunks[empty].count == Self.chunkSize,
            chunks[empty].allSatisfy({ $0 == nil })
        {
            empty += 1
        }
        if empty > 0 {
            chunks.removeFirst(empty)
            firstID += Int64(empty << Self.chunkShift)
            count -= empty << Self.chunkShift
        }
        return removed
    }
}
