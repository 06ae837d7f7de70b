package import PhoneNumbers

/// What pre-flight needs to know about `target.phone` from the numbering plan.
package struct PreflightNumberFacts: Sendable, Hashable {
    /// Whether the number matches a pattern of its region.
    package var isValid: Bool
    /// The plan's line type.
    package var type: PhoneNumberType
    /// The region, `"001"` for non-geographic numbers, `nil` when none matches.
    package var regionCode: String?

    /// Facts given directly.
    package init(isValid: Bool, type: PhoneNumberType, regionCode: String?) {
        self.isValid = isValid
        self.type = type
        self.regionCode = regionCode
    }

    /// The facts of a parsed number.
    package init(_ number: PhoneNumber) {
        self.init(isValid: number.isValid, type: number.type, regionCode: number.regionCode)
    }
}
