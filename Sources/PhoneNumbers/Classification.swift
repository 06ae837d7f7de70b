/// What the plan says about a number: its region among those sharing the calling code, its type,
/// and whether its length is possible (libphonenumber's `region_code_for_number`, `number_type`,
/// `is_possible_number`).
struct Classification {
    var region: PlanRecord?
    var type: PhoneNumberType
    var isPossible: Bool

    init(
        countryCode: Int, nationalDigits: UnsafeBufferPointer<UInt8>, plan: NumberingPlan,
        mainRecord: PlanRecord? = nil, mainLength: NumberLength.Result? = nil, mainTags: Int? = nil
    ) {
        region = nil
        type = .unknown
        isPossible = false
        let list = plan.recordList(forCallingCode: countryCode)
        guard list.count > 0 else { return }
        let main = mainRecord ?? plan.record(inList: list, at: 0)
        let length = mainLength ?? NumberLength.test(nationalDigits.count, record: main)
        isPossible = length == .possible || length == .possibleLocalOnly
        // The main record's automaton answer, walked once whichever branch needs it.
        func mainType() -> PhoneNumberType {
            guard let tags = mainTags, mainRecord != nil else {
                return Self.type(of: nationalDigits, record: main)
            }
            return Self.type(tags: tags, length: nationalDigits.count, record: main)
        }
        if list.count == 1 {
            region = main
            type = mainType()
            return
        }
        // libphonenumber's order: the first region whose leading digits match, or which has none
        // and accepts the number. Regions are found by their bits, so a region passed over is never
        // read, and the leading-digits automaton is walked only when a region that has leading
        // digits comes up (the main region, often the answer, has none: US for +1, GB for +44).
        let withLeadingDigits = plan.leadingDigitsMask(forList: list)
        var pending = (1 &<< list.count &- 1) & ~withLeadingDigits  // without, not yet tried
        var matched: Int? = nil
        var position = 0
        while position < list.count {
            let next = pending == 0 ? list.count : pending.trailingZeroBitCount
            let between = withLeadingDigits & (1 &<< next &- 1) & ~(1 &<< position &- 1)
            if between != 0 {
                let regions =
                    matched ?? plan.leadingDigitsAutomaton(forList: list)?.gatheredTags(nationalDigits) ?? 0
                matched = regions
                let hits = regions & between
                if hits != 0 {
                    let i = hits.trailingZeroBitCount
                    let record = i == 0 ? main : plan.record(inList: list, at: i)
                    region = record
                    type = i == 0 ? mainType() : Self.type(of: nationalDigits, record: record)
                    return
                }
            }
            guard next < list.count else { return }
            let record = next == 0 ? main : plan.record(inList: list, at: next)
            let t = next == 0 ? mainType() : Self.type(of: nationalDigits, record: record)
            if t != .unknown {
                region = record
                type = t
                return
            }
            pending &= pending &- 1
            position = next &+ 1
        }
    }

    /// libphonenumber's `_number_type_helper`, answered by one walk of the record's type automaton
    /// and one look-up of the descriptions whose lengths allow the number's.
    static func type(of digits: UnsafeBufferPointer<UInt8>, record: PlanRecord) -> PhoneNumberType {
        type(tags: record.typeAutomaton.tags(digits), length: digits.count, record: record)
    }

    /// The type from the automaton's answer for a number of `length` digits: premium rate first,
    /// then the other special types in description order (toll free, shared cost, VoIP, personal
    /// number, pager, UAN, voicemail), then fixed line and mobile; with few branches, since the
    /// answer differs from one number to the next.
    @inline(__always)
    static func type(tags: Int, length: Int, record: PlanRecord) -> PhoneNumberType {
        let m = tags & record.descriptions(possibleAtLength: length)
        guard m & 1 != 0 else { return .unknown }  // the general description
        let special = m & 0x7F8  // descriptions 3-10, whose bit numbers are the types' raw values
        if special != 0 {
            let raw = special & 0x10 != 0 ? 4 : special.trailingZeroBitCount
            return PhoneNumberType(rawValue: UInt8(truncatingIfNeeded: raw)) ?? .unknown
        }
        // Index: fixed line (bit 0), mobile (bit 1), same patterns (bit 2); one nibble per answer:
        // unknown (11), fixed line (0), mobile (1), fixed line or mobile (2).
        let same = record.hasSameMobileAndFixedLinePattern ? 4 : 0
        let index = (m >> 1 & 3) | same
        let raw = 0x2B2B_210B >> (4 &* index) & 0xF
        return PhoneNumberType(rawValue: UInt8(truncatingIfNeeded: raw)) ?? .unknown
    }
}
