extension NumberingPlan {
    /// The plan generated from the pinned libphonenumber metadata and embedded in the library.
    public static var bundled: NumberingPlan { NumberingPlan(image: TableImage()) }  // TEMPORARY

    /// Every region code (ISO 3166-1 alpha-2) the plan knows, sorted.
    public var regionCodes: [String] { [] }

    /// The calling code of a region, e.g. 44 for `GB`, or `nil` for an unknown region.
    public func callingCode(forRegion region: String) -> Int? { nil }

    /// The regions that share a calling code, main region first; `["001"]` for non-geographic codes.
    public func regions(forCallingCode code: Int) -> [String] { [] }

    /// Whether the plan knows the region code.
    public func isKnownRegion(_ region: String) -> Bool { callingCode(forRegion: region) != nil }

    /// Where the data came from, e.g. `phonenumbers 9.0.43`.
    public var sourceDescription: String { "" }
}
