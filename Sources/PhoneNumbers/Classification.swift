/// What the plan says about a number: its region among those sharing the calling code, its type,
/// and whether its length is possible (libphonenumber's `region_code_for_number`, `number_type`,
/// `is_possible_number`).
struct Classification {
    var region: PlanRecord?
    var type: PhoneNumberType
    var isPossible: Bool

    init(
        countryCode: Int, nationalDigits: UnsafeBufferPointer<UInt8>, plan: NumberingPlan,
        mainRecord: PlanRecord? = nil, mainLength: NumberLength.Result? = nil
    ) {
        region = nil
        type = .unknown
        isPossible = false
        let list = plan.recordList(forCallingCode: countryCode)
        guard list.count > 0 else { return }
        let main = mainRecord ?? plan.record(at: plan.image.u14(list.offset))
        let length = mainLength ?? NumberLength.test(nationalDigits.count, record: main)
        isPossible = length == .possible || length == .possibleLocalOnly
        if list.count == 1 {
            region = main
            type = Self.type(of: nationalDigits, record: main)
            return
        }
        let matched = plan.leadingDigitsAutomaton(forList: list)?.gatheredTags(nationalDigits) ?? 0
        for i in 0..<list.count {
            let record = i == 0 ? main : plan.record(at: plan.image.u14(list.offset + 2 * i))
            if record.hasLeadingDigits {
                if matched >> i & 1 != 0 {
                    region = record
                    type = Self.type(of: nationalDigits, record: record)
                    return
                }
            } else {
                let t = Self.type(of: nationalDigits, record: record)
                if t != .unknown {
                    region = record
                    type = t
                    return
                }
            }
        }
    }

    /// libphonenumber's `_number_type_helper`, answered by one walk of the record's type automaton
    /// and one look-up of the descriptions whose lengths allow the number's.
    static func type(of digits: UnsafeBufferPointer<UInt8>, record: PlanRecord) -> PhoneNumberType {
        type(tags: record.typeAutomaton.tags(digits), length: digits.count, record: record)
    }

    /// The type from the automaton's answer for a number of `length` digits.
    @inline(__always)
    static func type(tags: Int, length: Int, record: PlanRecord) -> PhoneNumberType {
        guard tags != 0 else { return .unknown }
        let m = tags & record.descriptions(possibleAtLength: length)
        func has(_ d: PlanDescription) -> Bool { m >> Int(d.rawValue) & 1 != 0 }
        guard has(.general) else { return .unknown }
        if m & ~0b111 != 0 {
            if has(.premiumRate) { return .premiumRate }
            if has(.tollFree) { return .tollFree }
            if has(.sharedCost) { return .sharedCost }
            if has(.voip) { return .voip }
            if has(.personalNumber) { return .personalNumber }
            if has(.pager) { return .pager }
            if has(.uan) { return .uan }
            if has(.voicemail) { return .voicemail }
        }
        let same = record.hasSameMobileAndFixedLinePattern
        if has(.fixedLine) {
            if same || has(.mobile) { return .fixedLineOrMobile }
            return .fixedLine
        }
        if !same, has(.mobile) { return .mobile }
        return .unknown
    }
}
