/// A character that cannot be sent in GSM-7 and so forces the whole message into UCS-2.
public struct NonGSMCharacter: Sendable, Hashable, CustomStringConvertible {
    /// The character (U+FFFD for bytes that are not well-formed UTF-8).
    public let scalar: Unicode.Scalar
    /// UTF-8 byte offset of the character in the text.
    public let byteOffset: Int
    /// Index of the character counted in Unicode scalars (0-based).
    public let scalarOffset: Int
    /// Offset in UTF-16 code units, i.e. in UCS-2 units of the message (0-based).
    public let utf16Offset: Int

    /// Creates a record of one character and its positions.
    public init(scalar: Unicode.Scalar, byteOffset: Int, scalarOffset: Int, utf16Offset: Int) {
        self.scalar = scalar
        self.byteOffset = byteOffset
        self.scalarOffset = scalarOffset
        self.utf16Offset = utf16Offset
    }

    /// The index of the user-perceived character (`Character`) that contains this scalar in `text`
    /// (the text that was analysed), or `nil` if `byteOffset` is not inside `text`.
    public func characterOffset(in text: String) -> Int? {
        let utf8 = text.utf8
        guard byteOffset >= 0,
            let index = utf8.index(utf8.startIndex, offsetBy: byteOffset, limitedBy: utf8.endIndex),
            index < utf8.endIndex
        else { return nil }
        return text.distance(from: text.startIndex, to: index)
    }

    /// `U+0141 'Ł' at byte 6`.
    public var description: String {
        "U+\(String(scalar.value, radix: 16, uppercase: true)) '\(scalar)' at byte \(byteOffset)"
    }
}

/// What a text costs as an SMS (3GPP TS 23.038 alphabets, 3GPP TS 23.040 segmentation).
///
/// The message is GSM-7 if every character is in the default alphabet or its extension table
/// (extension characters — `^ { } \ [ ~ ] |`, `€` and form feed — cost two septets); otherwise the
/// whole message is UCS-2 and every character costs one UTF-16 unit, two outside the BMP. A
/// single-part message holds 160 septets or 70 UCS-2 units; a longer one is split into parts of 153
/// or 67, and a part never ends between the two septets of an escape pair or the two units of a
/// surrogate pair (that part ends one unit early, which can add a segment). An empty text is one
/// (empty) message.
///
/// The analysis reads UTF-8 bytes; runs of ASCII are classified eight bytes at a time through a
/// precomputed table. Bytes that are not well-formed UTF-8 count as U+FFFD.
public struct SMSAnalysis: Sendable, Hashable {
    /// The encoding the message must be sent in.
    public let encoding: SMSEncoding
    /// Units used: septets for GSM-7, UTF-16 code units for UCS-2.
    public let units: Int
    /// The number of SMS parts.
    public let segments: Int
    /// Units one part holds at this length: 160 or 153 (GSM-7), 70 or 67 (UCS-2).
    public let unitsPerSegment: Int
    /// Units still free in the last part before another part would be needed.
    public let remainingUnits: Int
    /// How many extension-table characters (two septets each) a GSM-7 message has; 0 for UCS-2.
    public let extensionCharacterCount: Int
    /// How many characters are outside GSM-7 (each one alone forces UCS-2).
    public let nonGSMCharacterCount: Int
    /// The first characters outside GSM-7 with their positions (at most the `reasonLimit` given).
    public let nonGSMCharacters: [NonGSMCharacter]

    /// The default number of ``nonGSMCharacters`` reported.
    public static let defaultReasonLimit = 16

    /// Analyses `text`.
    public init(_ text: String, reasonLimit: Int = SMSAnalysis.defaultReasonLimit) {
        self = UTF8Scalars.withBytes(of: text) { SMSAnalysis(utf8: $0, reasonLimit: reasonLimit) }
    }

    /// Analyses UTF-8 `bytes`.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>, reasonLimit: Int = SMSAnalysis.defaultReasonLimit) {
        let tables = GSM7Alphabet.tables
        if let gsm = Self.countGSM7(bytes, tables) {
            self.init(
                encoding: .gsm7, units: gsm.septets, counter: gsm.counter,
                extensionCharacterCount: gsm.extensions, nonGSMCharacterCount: 0, nonGSMCharacters: [])
        } else {
            let ucs2 = Self.countUCS2(bytes, tables, reasonLimit: max(reasonLimit, 0))
            self.init(
                encoding: .ucs2, units: ucs2.units, counter: ucs2.counter, extensionCharacterCount: 0,
                nonGSMCharacterCount: ucs2.nonGSMCount, nonGSMCharacters: ucs2.reasons)
        }
    }

    private init(
        encoding: SMSEncoding,
        units: Int,
        counter: SegmentCounter,
        extensionCharacterCount: Int,
        nonGSMCharacterCount: Int,
        nonGSMCharacters: [NonGSMCharacter]
    ) {
        let single = units <= encoding.singleSegmentUnits
        self.encoding = encoding
        self.units = units
        self.segments = single ? 1 : counter.segments
        self.unitsPerSegment = single ? encoding.singleSegmentUnits : encoding.multipartSegmentUnits
        self.remainingUnits = single ? encoding.singleSegmentUnits - units : counter.capacity - counter.fill
        self.extensionCharacterCount = extensionCharacterCount
        self.nonGSMCharacterCount = nonGSMCharacterCount
        self.nonGSMCharacters = nonGSMCharacters
    }

    // MARK: - Counting

    /// Counts greedy multipart segments: an item of cost 2 that would straddle a boundary starts a
    /// new part.
    struct SegmentCounter {
        let capacity: Int
        var completed = 0
        var fill = 0

        init(capacity: Int) { self.capacity = capacity }

        @inline(__always)
        mutating func add(_ cost: Int) {
            if fill + cost > capacity {
                completed += 1
                fill = cost
            } else {
                fill += cost
            }
        }

        /// Adds `count` items of cost 1 (`count` ≤ capacity).
        @inline(__always)
        mutating func addSingles(_ count: Int) {
            fill += count
            if fill > capacity {
                completed += 1
                fill -= capacity
            }
        }

        var segments: Int { completed + (fill > 0 ? 1 : 0) }
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// OR of `table[byte]` over the eight ASCII bytes of `word`.
    @inline(__always)
    private static func orFlags(_ word: UInt64, _ table: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let f0 = table[Int(word & 0x7F)] | table[Int((word >> 8) & 0x7F)]
        let f1 = table[Int((word >> 16) & 0x7F)] | table[Int((word >> 24) & 0x7F)]
        let f2 = table[Int((word >> 32) & 0x7F)] | table[Int((word >> 40) & 0x7F)]
        let f3 = table[Int((word >> 48) & 0x7F)] | table[Int((word >> 56) & 0x7F)]
        return (f0 | f1) | (f2 | f3)
    }

    /// The GSM-7 pass; `nil` as soon as a character outside GSM-7 is found.
    private static func countGSM7(_ bytes: UnsafeBufferPointer<UInt8>, _ tables: GSM7Alphabet.Tables)
        -> (septets: Int, counter: SegmentCounter, extensions: Int)?
    {
        var counter = SegmentCounter(capacity: SMSEncoding.gsm7.multipartSegmentUnits)
        guard let base = bytes.baseAddress else { return (0, counter, 0) }
        let count = bytes.count
        var septets = 0
        var extensions = 0
        return tables.asciiIrregular.withUnsafeBufferPointer { irregular in
            tables.ascii.withUnsafeBufferPointer { ascii in
                var index = 0
                while index < count {
                    if count - index >= 8 {
                        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                        if word & highBits == 0, orFlags(word, irregular) == 0 {
                            septets += 8
                            counter.addSingles(8)
                            index += 8
                            continue
                        }
                    }
                    let byte = bytes[index]
                    let cost: Int
                    if byte < 0x80 {
                        cost = Int(ascii[Int(byte)])
                        index += 1
                    } else {
                        let decoded = UTF8Scalars.decode(bytes, at: index)
                        cost = Int(tables.cost(decoded.value))
                        index += decoded.length
                    }
                    if cost == 0 { return nil }
                    septets += cost
                    extensions += cost >> 1
                    counter.add(cost)
                }
                return (septets, counter, extensions)
            }
        }
    }

    /// The UCS-2 pass: UTF-16 units, segments and the characters outside GSM-7.
    private static func countUCS2(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ tables: GSM7Alphabet.Tables,
        reasonLimit: Int
    ) -> (units: Int, counter: SegmentCounter, nonGSMCount: Int, reasons: [NonGSMCharacter]) {
        var counter = SegmentCounter(capacity: SMSEncoding.ucs2.multipartSegmentUnits)
        guard let base = bytes.baseAddress else { return (0, counter, 0, []) }
        let count = bytes.count
        var units = 0
        var scalarIndex = 0
        var nonGSMCount = 0
        var reasons: [NonGSMCharacter] = []
        tables.asciiNonGSM.withUnsafeBufferPointer { nonGSM in
            var index = 0
            while index < count {
                if count - index >= 8 {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if word & highBits == 0, orFlags(word, nonGSM) == 0 {
                        units += 8
                        counter.addSingles(8)
                        scalarIndex += 8
                        index += 8
                        continue
                    }
                }
                let decoded = UTF8Scalars.decode(bytes, at: index)
                let width = decoded.value > 0xFFFF ? 2 : 1
                if tables.cost(decoded.value) == 0 {
                    nonGSMCount += 1
                    if reasons.count < reasonLimit {
                        if reasons.isEmpty { reasons.reserveCapacity(min(reasonLimit, 64)) }
                        reasons.append(
                            NonGSMCharacter(
                                scalar: UTF8Scalars.scalar(decoded.value), byteOffset: index,
                                scalarOffset: scalarIndex, utf16Offset: units))
                    }
                }
                units += width
                counter.add(width)
                scalarIndex += 1
                index += decoded.length
            }
        }
        return (units, counter, nonGSMCount, reasons)
    }
}
