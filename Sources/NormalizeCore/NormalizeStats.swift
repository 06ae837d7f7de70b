package import PhoneNumbers

/// Counts of a run: rows, valid numbers, reasons, and the regions and types of the valid numbers.
package struct NormalizeStats: Sendable, Hashable {
    /// Data rows read (header rows are not counted).
    package var rows = 0
    /// Rows whose number is valid.
    package var valid = 0
    /// Rows per ``RowReason``, indexed by its raw value.
    package var reasons = [Int](repeating: 0, count: RowReason.allCases.count)
    /// Valid numbers per region slot (see ``RegionTable/slot(of:)``).
    package var regions = [Int](repeating: 0, count: RegionTable.slotCount)
    /// Valid numbers per ``PhoneNumberType``, indexed by its raw value.
    package var types = [Int](repeating: 0, count: PhoneNumberType.allCases.count)

    /// Creates empty counts.
    package init() {}

    /// Rows whose number was read but is not valid, or could not be read.
    package var invalid: Int {
        var total = 0
        for reason in RowReason.allCases where !reason.isMalformed { total += reasons[Int(reason.rawValue)] }
        return total
    }

    /// Rows that could not be read as rows.
    package var malformed: Int {
        var total = 0
        for reason in RowReason.allCases where reason.isMalformed { total += reasons[Int(reason.rawValue)] }
        return total
    }

    /// Counts one row with a reason.
    @inline(__always)
    package mutating func count(_ reason: RowReason) {
        rows += 1
        reasons[Int(reason.rawValue)] += 1
    }

    /// Counts one row with a valid number.
    @inline(__always)
    package mutating func countValid(regionSlot: Int, type: PhoneNumberType) {
        rows += 1
        valid += 1
        regions[regionSlot] += 1
        types[Int(type.rawValue)] += 1
    }

    /// Adds another run's counts to these.
    package mutating func merge(_ other: NormalizeStats) {
        rows += other.rows
        valid += other.valid
        for index in reasons.indices { reasons[index] += other.reasons[index] }
        for index in regions.indices where other.regions[index] != 0 {
            regions[index] += other.regions[index]
        }
        for index in types.indices { types[index] += other.types[index] }
    }

    /// Sets every count to zero, keeping the storage.
    package mutating func reset() {
        rows = 0
        valid = 0
        for index in reasons.indices { reasons[index] = 0 }
        for index in regions.indices { regions[index] = 0 }
        for index in types.indices { types[index] = 0 }
    }
}
