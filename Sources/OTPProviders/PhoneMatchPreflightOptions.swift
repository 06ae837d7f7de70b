/// Settings of ``PhoneMatchInitialRequest/preflight(_:plan:)``.
public struct PhoneMatchPreflightOptions: Sendable, Hashable {
    /// How `target.phone` is read (default region `US`).
    public var normalization: PhoneMatchNormalization
    /// The most SMS segments your gateway accepts for one message (default 1). The Veratad
    /// documents give no limit; this is your gateway's.
    public var maximumSegments: Int
    /// The number of digits assumed for `{pin}` when measuring the message (default 6). The
    /// documents do not give the code's length; their continue sample's entry has 5 digits.
    public var pinLength: Int

    /// Creates the settings.
    public init(
        normalization: PhoneMatchNormalization = PhoneMatchNormalization(), maximumSegments: Int = 1,
        pinLength: Int = 6
    ) {
        self.normalization = normalization
        self.maximumSegments = maximumSegments
        self.pinLength = pinLength
    }
}
