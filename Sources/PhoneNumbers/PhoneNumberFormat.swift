/// How a phone number is written out.
public enum PhoneNumberFormat: Sendable, Hashable, CaseIterable {
    /// ITU-T E.164: `+` then the calling code and the national significant number, no spaces.
    case e164
    /// International format as the region writes it, e.g. `+44 20 7946 0958`.
    case international
    /// National format as the region writes it, with its trunk prefix, e.g. `020 7946 0958`.
    case national
    /// An RFC 3966 `tel:` URI, e.g. `tel:+44-20-7946-0958;ext=12`.
    case rfc3966
}
