/// The character encoding an SMS is sent in (3GPP TS 23.038 §4, Data Coding Scheme).
public enum SMSEncoding: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The GSM 7-bit default alphabet with its extension table (3GPP TS 23.038 §6.2.1); units are
    /// septets.
    case gsm7 = "gsm7"
    /// UCS-2 (3GPP TS 23.038 §6.2.3); units are UTF-16 code units, so a character outside the Basic
    /// Multilingual Plane costs two (a surrogate pair), as handsets and gateways send it.
    case ucs2 = "ucs2"

    /// Units that fit one single-part message: 160 septets or 70 UCS-2 units (140 octets of user
    /// data, 3GPP TS 23.040 §9.2.3.24).
    public var singleSegmentUnits: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// Units that fit one part of a concatenated message: 153 septets or 67 UCS-2 units (140 octets
    /// less the 6-octet concatenation header, 3GPP TS 23.040 §9.2.3.24.1).
    public var multipartSegmentUnits: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }

    /// `gsm7` or `ucs2`.
    public var description: String { rawValue }
}
