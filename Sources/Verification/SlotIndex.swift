/// A hash index from keys to slots of an array held elsewhere, for the in-memory store's
/// ``RecordTable``: open addressing with linear probing, and deletion by backward shift, so it
/// holds no tombstones.
///
/// A bucket is 8 bytes: 32 bits of the key's hash and the slot. A probe compares the hash bits
/// it passes, eight buckets to a cache line, and asks its caller to compare keys only when they
/// are equal. Growing moves the buckets by the hash bits they hold: no key is read or hashed
/// again. The hash is the key's `hashValue`, seeded per process, so which keys share buckets is
/// not something a client can arrange.
struct SlotIndex {
    /// 0 for an empty bucket; else the hash bits in the high half and slot + 1 in the low half.
    private var buckets: [UInt64]
    private var mask: Int
    /// The buckets in use.
    private(set) var count = 0

    /// An empty index.
    init() {
        buckets = Array(repeating: 0, count: 16)
        mask = 15
    }

    /// The 32 bits of `hash` an index keeps.
    @inline(__always)
    static func bits(_ hash: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)) >> 32)
    }

    @inline(__always)
    private func home(_ bits: UInt32) -> Int { Int(bits) & mask }

    /// The slot of the key with this hash for which `matches(slot)` holds, if there is one.
    func find(hash: Int, where matches: (Int) -> Bool) -> Int? {
        let bits = Self.bits(hash)
        var position = home(bits)
        while true {
            let bucket = buckets[position]
            if bucket == 0 { return nil }
            if UInt32(truncatingIfNeeded: bucket >> 32) == bits {
                let slot = Int(UInt32(truncatingIfNeeded: bucket)) - 1
                if matches(slot) { return slot }
            }
            position = (position + 1) & mask
        }
    }

    /// Adds `slot` under `hash`, for a key the index does not hold.
    mutating func insert(hash: Int, slot: Int) {
        precondition(slot >= 0 && slot < Int(UInt32.max), "slot out of range")
        if (count + 1) * 4 > buckets.count * 3 { grow() }
        place(bits: Self.bits(hash), slot: slot)
        count += 1
    }

    /// Removes the bucket that holds `slot` under `hash`; whether there was one.
    @discardableResult
    mutating func remove(hash: Int, slot: Int) -> Bool {
        let bits = Self.bits(hash)
        let wanted = UInt64(bits) << 32 | UInt64(slot + 1)
        var position = home(bits)
        while buckets[position] != wanted {
            if buckets[position] == 0 { return false }
            position = (position + 1) & mask
        }
        // Backward shift: move up each later bucket of the run that may sit in the hole.
        var hole = position
        var next = (hole + 1) & mask
        while buckets[next] != 0 {
            let nextHome = home(UInt32(truncatingIfNeeded: buckets[next] >> 32))
            // The bucket at `next` may move to `hole` unless its home lies after the hole, up to
            // and including `next`, going round the table.
            if (next - nextHome) & mask >= (next - hole) & mask {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = 0
        count -= 1
        return true
    }

    private mutating func place(bits: UInt32, slot: Int) {
        var position = home(bits)
        while buckets[position] != 0 { position = (position + 1) & mask }
        buckets[position] = UInt64(bits) << 32 | UInt64(slot + 1)
    }

    private mutating func grow() {
        let old = buckets
        buckets = Array(repeating: 0, count: old.count * 2)
        mask = buckets.count - 1
        for bucket in old where bucket != 0 {
            var position = home(UInt32(truncatingIfNeeded: bucket >> 32))
            while buckets[position] != 0 { position = (position + 1) & mask }
            buckets[position] = bucket
        }
    }
}
