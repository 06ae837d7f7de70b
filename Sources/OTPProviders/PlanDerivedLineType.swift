public import PhoneNumbers

/// A number's line type as its numbering plan describes it, mapped to PhoneMatch's line types.
///
/// **Not a carrier lookup.** The type comes from the range the number belongs to in the plan
/// (libphonenumber's metadata). A number ported from a mobile range to a fixed line, or one in a
/// range the plan marks fixed-line-or-mobile (all of +1), may be classified differently by the
/// provider, which uses live line data. Use it to predict, never to decide alone.
public struct PlanDerivedLineType: Sendable, Hashable {
    /// The type from the plan.
    public let planType: PhoneNumberType
    /// The PhoneMatch line types the plan type could be: one for `mobile`, `fixed_line`, `voip`;
    /// `landline` and `mobile` for `fixed_line_or_mobile`; none for types the documents do not name
    /// (toll-free, premium rate, pager, ...).
    public let candidates: [PhoneMatchLineType]

    /// Maps a plan type.
    public init(_ planType: PhoneNumberType) {
        self.planType = planType
        switch planType {
        case .fixedLine: candidates = [.landline]
        case .mobile: candidates = [.mobile]
        case .fixedLineOrMobile: candidates = [.landline, .mobile]
        case .voip: candidates = [.voip]
        case .tollFree, .premiumRate, .sharedCost, .personalNumber, .pager, .uan, .voicemail, .unknown:
            candidates = []
        }
    }

    /// Whether the plan cannot tell which PhoneMatch line type the number is.
    public var isAmbiguous: Bool { candidates.count > 1 }

    /// The caveat to show with any prediction made from a plan-derived line type.
    public static let caveat =
        "line type derived from the numbering plan, not a carrier lookup: ported numbers and "
        + "fixed-line-or-mobile ranges may be classified differently by the provider"
}
