/// How a PhoneMatch request's user input is read and rewritten before validation.
public struct PhoneMatchNormalization: Sendable, Hashable {
    /// The region of numbers written without `+`: `US` by default, since the documents' sample
    /// number `2015106000` is a US number written without a country code. Read by `RegionCode`'s
    /// rule (either case, spaces around ignored, `UK` for `GB`, `EL` for `GR`).
    public var defaultRegion: String?
    /// How `target.phone` is written: ``PhoneMatchPhoneStyle/nationalDigitsForNANP`` by default.
    public var phoneStyle: PhoneMatchPhoneStyle

    /// Creates the settings; the defaults follow the documents' sample.
    public init(defaultRegion: String? = "US", phoneStyle: PhoneMatchPhoneStyle = .nationalDigitsForNANP) {
        self.defaultRegion = defaultRegion
        self.phoneStyle = phoneStyle
    }
}
