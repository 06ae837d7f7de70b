/// How ``PhoneMatchInitialRequest/normalized(_:plan:)`` writes `target.phone`.
public enum PhoneMatchPhoneStyle: Sendable, Hashable {
    /// The default, following the documents' sample (`"phone": "2015106000"`): numbers of the
    /// North American Numbering Plan (calling code 1) as their 10 national digits, every other
    /// number in E.164 (`+442079460958`).
    case nationalDigitsForNANP
    /// Every number in E.164, `+12015106000` included.
    case e164
}
