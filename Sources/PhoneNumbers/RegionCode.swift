/// A region of a numbering plan, read from a code a person or a file gives: the one rule for
/// region codes typed by users, applied by `normalize` (`--region` and region columns) and by the
/// provider requests (default regions, country black- and whitelists).
///
/// The rule: ASCII spaces around the code are ignored, the two letters may be in either case, and
/// the ``aliases`` are read as the ISO 3166-1 alpha-2 codes they stand for (`UK` is `GB`, `EL` is
/// `GR`). ``init(_:plan:)`` also requires the plan to know the region.
///
/// ```swift
/// RegionCode("gb")?.code     // "GB"
/// RegionCode(" UK ")?.code   // "GB"
/// RegionCode("ZZ")           // nil
/// try PhoneNumber(parsing: "020 7946 0958", region: RegionCode("uk")?.code).e164  // "+442079460958"
/// ```
///
/// ``PhoneNumber/init(parsing:region:plan:)-(String,_,_)`` itself reads its `region` as
/// libphonenumber does (a code of the plan, here in either case, no aliases: `UK` is
/// `unknown_region`), since its answers are compared with libphonenumber's; pass
/// `RegionCode(text)?.code` to it when the region comes from a user.
public struct RegionCode: Sendable, Hashable, CustomStringConvertible {
    /// The ISO 3166-1 alpha-2 code as the plan writes it (two capital letters), e.g. `GB`.
    public let code: String

    /// The codes people write for a region whose ISO 3166-1 alpha-2 code differs: `UK` for `GB`
    /// (the United Kingdom's own usage, exceptionally reserved in ISO 3166-1) and `EL` for `GR`
    /// (the European Union's code for Greece).
    public static let aliases: [(alias: String, code: String)] = [("UK", "GB"), ("EL", "GR")]

    /// Reads `text` by the rule above; `nil` unless it names a region of `plan`.
    public init?(_ text: some StringProtocol, plan: NumberingPlan = .bundled) {
        var utf8 = String(text)
        guard let code = utf8.withUTF8({ RegionCode(utf8: $0, plan: plan)?.code }) else { return nil }
        self.code = code
    }

    /// Reads UTF-8 `bytes` by the rule above without making a `String` of them; `nil` unless they
    /// name a region of `plan`.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>, plan: NumberingPlan = .bundled) {
        guard let (first, second) = Self.letters(utf8: bytes),
            let record = plan.record(forRegionBytes: first, second)
        else { return nil }
        code = record.regionCode
    }

    /// The code as the plan writes it.
    public var description: String { code }

    /// The two capital letters `text` stands for by the rule above, whether or not a plan knows
    /// them (`" uk"` gives `GB`, `"aq"` gives `AQ`); `nil` unless it is two ASCII letters once
    /// the spaces around it are removed.
    public static func canonical(_ text: some StringProtocol) -> String? {
        var utf8 = String(text)
        return utf8.withUTF8 { bytes in
            letters(utf8: bytes).map { first, second in
                String(unsafeUninitializedCapacity: 2) { buffer in
                    buffer[0] = first
                    buffer[1] = second
                    return 2
                }
            }
        }
    }

    /// The rule on bytes: ASCII spaces around removed, letters upper-cased, aliases replaced.
    @inline(__always)
    package static func letters(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (UInt8, UInt8)? {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        guard end - start == 2 else { return nil }
        let first = bytes[start] & 0xDF  // ASCII upper case
        let second = bytes[start + 1] & 0xDF
        guard first &- 65 < 26, second &- 65 < 26 else { return nil }
        switch (first, second) {
        case (UInt8(ascii: "U"), UInt8(ascii: "K")): return (UInt8(ascii: "G"), UInt8(ascii: "B"))
        case (UInt8(ascii: "E"), UInt8(ascii: "L")): return (UInt8(ascii: "G"), UInt8(ascii: "R"))
        default: return (first, second)
        }
    }
}
