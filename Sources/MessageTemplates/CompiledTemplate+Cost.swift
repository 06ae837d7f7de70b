// The worst-case SMS cost of a template before anything is sent: from the compiled template and
// the longest values each slot allows, the most segments any rendering can take.

/// Which characters a slot's value may contain (3GPP TS 23.038 alphabets).
public enum ValueAlphabet: String, Sendable, Hashable, CaseIterable {
    /// Only characters of the GSM-7 default alphabet (one septet each), e.g. digits or ASCII letters.
    case gsm7Basic = "gsm7_basic"
    /// Any GSM-7 character, extension table included (up to two septets each).
    case gsm7 = "gsm7"
    /// Any Unicode text: may force UCS-2, up to two UTF-16 units per character.
    case unicode = "unicode"
}

/// The longest value a slot accepts, and what it may contain.
public struct SlotLimit: Sendable, Hashable {
    /// The most characters, counted in Unicode scalars.
    public let maximumLength: Int
    /// What the characters may be.
    public let alphabet: ValueAlphabet

    /// The largest `maximumLength` the cost model accepts.
    public static let maximumLengthLimit = 4096

    /// Creates a limit.
    public init(maximumLength: Int, alphabet: ValueAlphabet) {
        self.maximumLength = maximumLength
        self.alphabet = alphabet
    }

    /// At most `count` decimal digits (one septet each), e.g. a PIN.
    public static func digits(_ count: Int) -> SlotLimit {
        SlotLimit(maximumLength: count, alphabet: .gsm7Basic)
    }
    /// At most `count` characters of the GSM-7 default alphabet.
    public static func gsm7Basic(_ count: Int) -> SlotLimit {
        SlotLimit(maximumLength: count, alphabet: .gsm7Basic)
    }
    /// At most `count` GSM-7 characters, extension table included.
    public static func gsm7(_ count: Int) -> SlotLimit { SlotLimit(maximumLength: count, alphabet: .gsm7) }
    /// At most `count` characters of any script.
    public static func unicode(_ count: Int) -> SlotLimit {
        SlotLimit(maximumLength: count, alphabet: .unicode)
    }
}

/// The most a message can cost in one encoding.
public struct SMSEstimate: Sendable, Hashable, CustomStringConvertible {
    /// The encoding.
    public let encoding: SMSEncoding
    /// The most units (septets or UTF-16 units) a rendering can use.
    public let maximumUnits: Int
    /// The most segments a rendering can take.
    public let segments: Int

    /// Creates an estimate.
    public init(encoding: SMSEncoding, maximumUnits: Int, segments: Int) {
        self.encoding = encoding
        self.maximumUnits = maximumUnits
        self.segments = segments
    }

    /// `ucs2: 80 units, 2 segments`.
    public var description: String { "\(encoding): \(maximumUnits) units, \(segments) segments" }
}

/// The worst-case cost of a template under given slot limits.
public struct TemplateCost: Sendable, Hashable {
    /// The estimate with the most segments (UCS-2 on a tie): what to budget for.
    public let worstCase: SMSEstimate
    /// The worst case if the message is sent in GSM-7; `nil` if the literal text forces UCS-2.
    public let gsm7: SMSEstimate?
    /// The worst case if the message is sent in UCS-2; `nil` if neither the literal text nor any
    /// slot can bring in a character outside GSM-7.
    public let ucs2: SMSEstimate?
    /// The distinct literal characters outside GSM-7 (why the template is always UCS-2), in order.
    public let literalNonGSMCharacters: [Unicode.Scalar]
    /// The slots whose ``ValueAlphabet/unicode`` values can switch the message to UCS-2.
    public let ucs2Slots: [String]
}

/// Why a worst-case cost could not be computed.
public enum TemplateCostError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A slot the template uses has no ``SlotLimit``.
    case missingLimit(name: String)
    /// A limit's `maximumLength` is negative or above ``SlotLimit/maximumLengthLimit``.
    case maximumLengthOutOfRange(name: String, maximumLength: Int, limit: Int)

    /// A one-line English explanation.
    public var description: String {
        switch self {
        case .missingLimit(let name): "no limit given for '\(name)'"
        case .maximumLengthOutOfRange(let name, let maximumLength, let limit):
            "limit for '\(name)' is \(maximumLength); it must be 0...\(limit)"
        }
    }

    /// A stable snake_case identifier of the rule, for logs and API responses.
    public var identifier: String {
        switch self {
        case .missingLimit: "missing_limit"
        case .maximumLengthOutOfRange: "maximum_length_out_of_range"
        }
    }
}

extension CompiledTemplate {
    /// The most SMS segments any rendering can take when each slot's value respects `limits`
    /// (keyed by name; slots the text does not use need no limit).
    ///
    /// The estimate is exact for the model: each value may be any length up to its limit and any
    /// characters of its alphabet, in the worst arrangement — including two-unit characters placed
    /// where a part would have to end one unit early (3GPP TS 23.038 / 23.040 rules as in
    /// ``SMSAnalysis``). A ``ValueAlphabet/unicode`` slot counts in UCS-2 only when it brings in a
    /// character outside GSM-7.
    public func worstCaseCost(_ limits: [String: SlotLimit]) throws(TemplateCostError) -> TemplateCost {
        var items: [CostItem] = []
        var literalNonGSM: [Unicode.Scalar] = []
        var ucs2Slots: [String] = []
        let tables = GSM7Alphabet.tables
        try literalBytes.withUnsafeBufferPointer { (literal) throws(TemplateCostError) in
            for part in parts {
                switch part {
                case .literal(let start, let end):
                    var index = Int(start)
                    while index < Int(end) {
                        let decoded = UTF8Scalars.decode(literal, at: index)
                        let septets = Int(tables.cost(decoded.value))
                        if septets == 0 {
                            let scalar = UTF8Scalars.scalar(decoded.value)
                            if !literalNonGSM.contains(scalar) { literalNonGSM.append(scalar) }
                        }
                        items.append(.literal(septets: septets, utf16: decoded.value > 0xFFFF ? 2 : 1))
                        index += decoded.length
                    }
                case .slot(let slot):
                    let name = name(ofSlot: Int(slot))
                    guard let limit = limits[name] else { throw .missingLimit(name: name) }
                    guard limit.maximumLength >= 0, limit.maximumLength <= SlotLimit.maximumLengthLimit else {
                        throw .maximumLengthOutOfRange(
                            name: name, maximumLength: limit.maximumLength,
                            limit: SlotLimit.maximumLengthLimit)
                    }
                    if limit.alphabet == .unicode, limit.maximumLength > 0, !ucs2Slots.contains(name) {
                        ucs2Slots.append(name)
                    }
                    items.append(.slot(limit))
                }
            }
        }

        let literalIsGSM = literalNonGSM.isEmpty
        let gsm7 = literalIsGSM ? Self.estimate(items, encoding: .gsm7, requireUnicodeCharacter: false) : nil
        let ucs2 =
            (!literalIsGSM || !ucs2Slots.isEmpty)
            ? Self.estimate(items, encoding: .ucs2, requireUnicodeCharacter: literalIsGSM) : nil
        let worst: SMSEstimate
        switch (gsm7, ucs2) {
        case (let g?, let u?): worst = g.segments > u.segments ? g : u
        case (let g?, nil): worst = g
        case (nil, let u?): worst = u
        case (nil, nil): worst = SMSEstimate(encoding: .gsm7, maximumUnits: 0, segments: 1)
        }
        return TemplateCost(
            worstCase: worst, gsm7: gsm7, ucs2: ucs2, literalNonGSMCharacters: literalNonGSM,
            ucs2Slots: ucs2Slots)
    }

    /// A character of literal text, or a slot.
    private enum CostItem {
        case literal(septets: Int, utf16: Int)
        case slot(SlotLimit)
    }

    /// The unit choices for one character of `limit`'s slot in `encoding`.
    private static func choices(_ limit: SlotLimit, _ encoding: SMSEncoding) -> (max: Int, forcesUCS2: Bool) {
        switch (encoding, limit.alphabet) {
        case (.gsm7, .gsm7Basic): (1, false)
        case (.gsm7, _): (2, false)
        case (.ucs2, .unicode): (2, true)
        case (.ucs2, _): (1, false)
        }
    }

    /// The worst case in one encoding. With `requireUnicodeCharacter`, only renderings in which a
    /// unicode slot holds at least one character count (otherwise the message would be GSM-7).
    private static func estimate(_ items: [CostItem], encoding: SMSEncoding, requireUnicodeCharacter: Bool)
        -> SMSEstimate
    {
        var maximumUnits = 0
        for item in items {
            switch item {
            case .literal(let septets, let utf16): maximumUnits += encoding == .gsm7 ? septets : utf16
            case .slot(let limit): maximumUnits += limit.maximumLength * choices(limit, encoding).max
            }
        }
        if maximumUnits <= encoding.singleSegmentUnits {
            return SMSEstimate(encoding: encoding, maximumUnits: maximumUnits, segments: 1)
        }
        var search = WorstCaseSegmentation(capacity: encoding.multipartSegmentUnits)
        for item in items {
            switch item {
            case .literal(let septets, let utf16):
                let cost = encoding == .gsm7 ? septets : utf16
                search.advance(minCost: cost, maxCost: cost, optional: false, setsFlag: false)
            case .slot(let limit):
                let choice = choices(limit, encoding)
                for _ in 0..<limit.maximumLength {
                    search.advance(
                        minCost: 1, maxCost: choice.max, optional: true, setsFlag: choice.forcesUCS2)
                }
            }
        }
        return SMSEstimate(
            encoding: encoding, maximumUnits: maximumUnits,
            segments: search.maximumSegments(requireFlag: requireUnicodeCharacter))
    }
}

/// Dynamic programming over the fill of the current part: for every reachable (fill, flag) state,
/// the most parts completed so far. Each step places one character whose cost is chosen from
/// `minCost...maxCost` (or, if optional, no character); a character that does not fit starts a new
/// part, so a two-unit character never straddles a boundary.
private struct WorstCaseSegmentation {
    let capacity: Int
    private var best: [Int]
    private var next: [Int]

    init(capacity: Int) {
        self.capacity = capacity
        best = Array(repeating: -1, count: (capacity + 1) * 2)
        next = best
        best[0] = 0
    }

    mutating func advance(minCost: Int, maxCost: Int, optional: Bool, setsFlag: Bool) {
        for index in next.indices { next[index] = -1 }
        for fill in 0...capacity {
            for flag in 0...1 {
                let completed = best[fill * 2 + flag]
                guard completed >= 0 else { continue }
                if optional {
                    next[fill * 2 + flag] = max(next[fill * 2 + flag], completed)
                }
                let newFlag = setsFlag ? 1 : flag
                for cost in minCost...maxCost {
                    let (newFill, newCompleted) =
                        fill + cost > capacity ? (cost, completed + 1) : (fill + cost, completed)
                    let slot = newFill * 2 + newFlag
                    next[slot] = max(next[slot], newCompleted)
                }
            }
        }
        swap(&best, &next)
    }

    func maximumSegments(requireFlag: Bool) -> Int {
        var result = 1
        for fill in 0...capacity {
            for flag in (requireFlag ? 1 : 0)...1 {
                let completed = best[fill * 2 + flag]
                guard completed >= 0 else { continue }
                result = max(result, completed + (fill > 0 ? 1 : 0))
            }
        }
        return result
    }
}
