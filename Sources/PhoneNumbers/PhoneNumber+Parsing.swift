public import PhoneNumberMetadata

extension PhoneNumber {
    /// Reads a phone number from text as a person or a spreadsheet wrote it.
    ///
    /// - Parameters:
    ///   - text: at most 250 UTF-8 bytes.
    ///   - region: the default region (ISO 3166-1 alpha-2) for numbers written without `+`.
    ///   - plan: the numbering plan; the bundled one by default.
    public init(
        parsing text: some StringProtocol, region: String? = nil, plan: NumberingPlan = .bundled
    ) throws(PhoneNumberParseError) {
        throw .notANumber  // TEMPORARY: the parser lands with issue 2.
    }

    /// Reads a phone number from UTF-8 bytes (no `String` needed: the fast path for files).
    public init(
        parsingUTF8 bytes: UnsafeBufferPointer<UInt8>, region: String? = nil,
        plan: NumberingPlan = .bundled
    ) throws(PhoneNumberParseError) {
        throw .notANumber  // TEMPORARY
    }
}
