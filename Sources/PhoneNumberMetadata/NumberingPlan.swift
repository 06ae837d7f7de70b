/// The numbering plans of every region and non-geographic calling code, read in place from an
/// embedded table image.
///
/// A plan is a small immutable value (a reference to read-only bytes); pass it where numbers are
/// parsed and formatted. ``bundled`` is the image generated from the pinned libphonenumber metadata.
public struct NumberingPlan: Sendable {
    @usableFromInline package let image: TableImage
    /// Number of bytes in the image.
    package let byteCount: Int
    /// Header fields, read once when the plan is made (three loads, not a parse).
    @usableFromInline package let callingCodeTableOffset: Int
    @usableFromInline package let recordTableOffset: Int
    @usableFromInline package let regionTableOffset: Int

    /// A plan over the table image of `count` bytes at `base` (read-only bytes that outlive it).
    package init(base: UnsafePointer<UInt8>, count: Int) {
        let image = TableImage(base: base)
        let valid = image.hasValidMagic(count: count)
        self.image = image
        self.byteCount = count
        self.callingCodeTableOffset = valid ? image.callingCodeTableOffset : 0
        self.recordTableOffset = valid ? image.recordTableOffset : 0
        self.regionTableOffset = valid ? image.regionTableOffset : 0
    }

    /// The plan generated from libphonenumber's metadata (PyPI `phonenumbers` 9.0.43) and embedded
    /// in the library. Using it costs nothing at start-up: the tables are read where they lie.
    public static var bundled: NumberingPlan {
        let storage = TableImage.bundledStorage()
        return NumberingPlan(base: storage.base, count: storage.count)
    }

    /// Where the data came from, e.g. `phonenumbers 9.0.43`.
    public var sourceDescription: String { image.string(at: image.versionOffset) ?? "" }

    /// Every region code (ISO 3166-1 alpha-2) the plan knows, sorted.
    public var regionCodes: [String] {
        let base = image.regionIndexOffset
        return (0..<image.u14(base)).map { i in
            let a = UInt8(truncatingIfNeeded: image.u7(base + 2 + 4 * i))
            let b = UInt8(truncatingIfNeeded: image.u7(base + 3 + 4 * i))
            return String(decoding: [a, b], as: UTF8.self)
        }
    }

    /// The calling code of a region (ISO 3166-1 alpha-2, either case), e.g. 44 for `GB`.
    public func callingCode(forRegion region: String) -> Int? {
        record(forRegion: region)?.countryCode
    }

    /// The regions that share a calling code, main region first; `["001"]` for non-geographic codes.
    public func regions(forCallingCode code: Int) -> [String] {
        let list = recordList(forCallingCode: code)
        return (0..<list.count).map { record(inList: list, at: $0).regionCode }
    }

    /// Whether the plan knows the region code (ISO 3166-1 alpha-2, either case).
    public func isKnownRegion(_ region: String) -> Bool { record(forRegion: region) != nil }

    /// Every calling code the plan knows, ascending.
    public var callingCodes: [Int] { (1..<1000).filter { recordList(forCallingCode: $0).count > 0 } }
}

extension NumberingPlan {
    /// Number of plan records (regions plus non-geographic calling codes).
    package var recordCount: Int { image.recordCount }

    /// The record at an index of the record table.
    @inlinable @inline(__always)
    package func record(at index: Int) -> PlanRecord {
        PlanRecord(image: image, offset: image.u21(recordTableOffset &+ 3 &* index))
    }

    /// The record of a two-letter region code, given as its two ASCII bytes (either case).
    @inlinable @inline(__always)
    package func record(forRegionBytes first: UInt8, _ second: UInt8) -> PlanRecord? {
        let a = Int(first & 0xDF) &- 65  // ASCII upper case, then 0-25
        let b = Int(second & 0xDF) &- 65
        guard a >= 0, a < 26, b >= 0, b < 26 else { return nil }
        let offset = image.u21(regionTableOffset &+ 3 &* (a &* 26 &+ b))
        return offset == 0 ? nil : PlanRecord(image: image, offset: offset)
    }

    /// The record of a region code (ISO 3166-1 alpha-2, either case).
    package func record(forRegion region: String) -> PlanRecord? {
        let pair =
            region.utf8.withContiguousStorageIfAvailable { bytes -> (UInt8, UInt8)? in
                bytes.count == 2 ? (bytes[0], bytes[1]) : nil
            }
            ?? {
                var utf8 = region.utf8.makeIterator()
                guard let a = utf8.next(), let b = utf8.next(), utf8.next() == nil else { return nil }
                return (a, b)
            }()
        guard let (a, b) = pair else { return nil }
        return record(forRegionBytes: a, b)
    }

    /// The records sharing a calling code: `count` record offsets (`u21`) at `offset`.
    @inlinable @inline(__always)
    package func recordList(forCallingCode code: Int) -> (count: Int, offset: Int) {
        guard code > 0, code < 1000 else { return (0, 0) }
        let target = image.u21(callingCodeTableOffset &+ 3 &* code)
        guard target != 0 else { return (0, 0) }
        return (image.u7(target), target &+ 1)
    }

    /// The calling code a number starts with, from its first three digits (values of 10 or more
    /// stand for a non-digit): the shortest prefix the plan knows, as calling codes are prefix-free
    /// (ITU-T E.164), with its length and record list; nil when none is known or `d1` is not 1–9.
    /// The three prefixes are looked up and one is selected without branches.
    @inlinable @inline(__always)
    package func callingCode(
        startingWith d1: Int, _ d2: Int, _ d3: Int
    ) -> (code: Int, length: Int, list: (count: Int, offset: Int))? {
        let c1 = UInt(bitPattern: d1 &- 1) < 9 ? d1 : 0
        let c2 = c1 != 0 && d2 < 10 ? c1 &* 10 &+ d2 : 0
        let c3 = c2 != 0 && d3 < 10 ? c2 &* 10 &+ d3 : 0
        let table = callingCodeTableOffset
        let l1 = image.u21(table &+ 3 &* c1)
        let l2 = image.u21(table &+ 3 &* c2)
        let l3 = image.u21(table &+ 3 &* c3)
        let target = l1 != 0 ? l1 : l2 != 0 ? l2 : l3
        guard target != 0 else { return nil }  // code 0 is never in the table
        let code = l1 != 0 ? c1 : l2 != 0 ? c2 : c3
        let length = l1 != 0 ? 1 : l2 != 0 ? 2 : 3
        return (code, length, (image.u7(target), target &+ 1))
    }

    /// The leading-digits automaton (`u28` tags: bit `i` for the list's `i`-th region) of a calling
    /// code's record list (see ``recordList(forCallingCode:)``), or nil when no region of the list
    /// has leading digits.
    @inlinable @inline(__always)
    package func leadingDigitsAutomaton(forList list: (count: Int, offset: Int)) -> DigitAutomaton? {
        let target = image.u21(list.offset &+ 3 &* list.count)
        return target == 0 ? nil : DigitAutomaton(image: image, offset: target)
    }

    /// The `i`-th record of a calling code's record list (the main region's is 0).
    @inlinable @inline(__always)
    package func record(inList list: (count: Int, offset: Int), at i: Int) -> PlanRecord {
        PlanRecord(image: image, offset: image.u21(list.offset &+ 3 &* i))
    }

    /// Which regions of a calling code's record list have a leading-digits pattern (bit `i` for the
    /// list's `i`-th region).
    @inlinable @inline(__always)
    package func leadingDigitsMask(forList list: (count: Int, offset: Int)) -> Int {
        image.u28(list.offset &+ 3 &* list.count &+ 3)
    }

    /// The main record of a calling code (the main region, or the non-geographic entity).
    @inlinable @inline(__always)
    package func mainRecord(forCallingCode code: Int) -> PlanRecord? {
        let list = recordList(forCallingCode: code)
        guard list.count > 0 else { return nil }
        return record(inList: list, at: 0)
    }
}
