public import PhoneNumbers

extension PhoneMatchLineType {
    /// The numbering-plan types this provider line type stands for: `mobile` is
    /// `PhoneNumberType.mobile`, `landline` is `PhoneNumberType.fixedLine`, `voip` is
    /// `PhoneNumberType.voip`; an unknown value stands for none.
    ///
    /// `PhoneNumberType.fixedLineOrMobile` could be `landline` or `mobile`: see
    /// ``PlanDerivedLineType``.
    public var planType: PhoneNumberType? {
        switch self {
        case .mobile: .mobile
        case .landline: .fixedLine
        case .voip: .voip
        case .unknown: nil
        }
    }
}
