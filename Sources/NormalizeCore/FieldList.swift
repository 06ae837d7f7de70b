/// The fields of the record being read, reused from record to record: a plain growable run of
/// ``FieldSpan`` values, without the uniqueness checks an array pays on every append.
package final class FieldList {
    private var storage: UnsafeMutablePointer<FieldSpan>
    private var size: Int
    private var used = 0

    /// Creates an empty list with room for `capacity` fields.
    package init(capacity: Int = 64) {
        size = max(capacity, 4)
        storage = UnsafeMutablePointer<FieldSpan>.allocate(capacity: size)
    }

    deinit {
        storage.deinitialize(count: used)
        storage.deallocate()
    }

    /// The number of fields.
    package var count: Int { used }

    /// The field at `index` (`0..<count`).
    @inline(__always)
    package subscript(index: Int) -> FieldSpan {
        precondition(index >= 0 && index < used, "field index out of range")
        return storage[index]
    }

    /// The fields, copied into an array.
    package var spans: [FieldSpan] {
        Array(UnsafeBufferPointer(start: storage, count: used))
    }

    /// Forgets every field; a list that grew very large (a record of many thousand fields) gives
    /// its memory back.
    @inline(__always)
    package func removeAll() {
        storage.deinitialize(count: used)
        used = 0
        if size > 65_536 {
            storage.deallocate()
            size = 64
            storage = UnsafeMutablePointer<FieldSpan>.allocate(capacity: size)
        }
    }

    /// Adds a field.
    @inline(__always)
    package func append(_ span: FieldSpan) {
        if used == size {
            let fresh = UnsafeMutablePointer<FieldSpan>.allocate(capacity: size * 2)
            fresh.moveInitialize(from: storage, count: used)
            storage.deallocate()
            storage = fresh
            size *= 2
        }
        (storage + used).initialize(to: span)
        used += 1
    }
}
