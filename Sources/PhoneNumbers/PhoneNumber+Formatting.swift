public import PhoneNumberMetadata

extension PhoneNumber {
    /// The number in the given format.
    public func formatted(_ format: PhoneNumberFormat, plan: NumberingPlan = .bundled) -> String {
        ""  // TEMPORARY
    }

    /// The number in E.164 form, e.g. `+442079460958` (ITU-T E.164; the extension is not part of it).
    public var e164: String { "" }

    /// The national significant number with its leading zeros, e.g. `2079460958`.
    public var nationalSignificantNumber: String { "" }
}
