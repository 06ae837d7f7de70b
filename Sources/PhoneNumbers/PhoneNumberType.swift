/// The kind of line a number belongs to, as the numbering plan describes it.
///
/// The type comes from the number's pattern in the plan, not from a carrier lookup: a mobile
/// number that was ported keeps the type its range was allocated for.
public enum PhoneNumberType: UInt8, Sendable, Hashable, CaseIterable {
    /// A geographic fixed line.
    case fixedLine = 0
    /// A mobile line.
    case mobile = 1
    /// A number whose plan cannot tell fixed line from mobile (for example +1).
    case fixedLineOrMobile = 2
    /// A toll-free (freephone) number.
    case tollFree = 3
    /// A premium-rate number.
    case premiumRate = 4
    /// A shared-cost number.
    case sharedCost = 5
    /// A voice-over-IP number.
    case voip = 6
    /// A personal (follow-me) number.
    case personalNumber = 7
    /// A pager.
    case pager = 8
    /// A universal access number (a company's single number).
    case uan = 9
    /// A voicemail access number.
    case voicemail = 10
    /// The number matches none of the region's patterns.
    case unknown = 11

    /// A stable snake_case identifier (`fixed_line`, `toll_free`, …) for files and logs.
    public var identifier: String {
        switch self {
        case .fixedLine: "fixed_line"
        case .mobile: "mobile"
        case .fixedLineOrMobile: "fixed_line_or_mobile"
        case .tollFree: "toll_free"
        case .premiumRate: "premium_rate"
        case .sharedCost: "shared_cost"
        case .voip: "voip"
        case .personalNumber: "personal_number"
        case .pager: "pager"
        case .uan: "uan"
        case .voicemail: "voicemail"
        case .unknown: "unknown"
        }
    }
}
