extension IdenfyVerifySMSRequest {
    /// Every rule the request breaks, each naming its field; empty (and not allocated) when valid.
    ///
    /// - `request_id`: required, 32 to 40 characters.
    /// - `received_code`: required, exactly 4 characters, ASCII digits only (normalize first to
    ///   accept `١٢٣٤` or `12 34`). Both rules are reported when both are broken.
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if requestID.isEmpty {
            issues.append(ValidationIssue(field: .requestID, rule: .required))
        } else {
            let count = TextMeasure.characterCount(requestID)
            if count < Self.minimumRequestIDLength || count > Self.maximumRequestIDLength {
                issues.append(
                    ValidationIssue(
                        field: .requestID,
                        rule: .lengthRange(
                            minimum: Self.minimumRequestIDLength, maximum: Self.maximumRequestIDLength)))
            }
        }
        let code = receivedCode.reveal()
        if code.isEmpty {
            issues.append(ValidationIssue(field: .receivedCode, rule: .required))
        } else {
            if !TextMeasure.isASCIIDigits(code.utf8) {
                issues.append(ValidationIssue(field: .receivedCode, rule: .digitsOnly))
            }
            if TextMeasure.characterCount(code) != Self.codeLength {
                issues.append(ValidationIssue(field: .receivedCode, rule: .exactLength(Self.codeLength)))
            }
        }
        return issues
    }

    /// The request with `received_code` folded by ``OTPEntry/normalize(_:)`` (`١٢٣٤`, `12 34` and
    /// `12-34` become `1234`).
    public func normalized() -> Self {
        var copy = self
        copy.receivedCode = OTPEntry.normalizedSecret(receivedCode.reveal())
        return copy
    }

    /// Normalizes, then validates: the request to send, or every issue.
    public func prepared() throws(ValidationFailure) -> Self {
        let request = normalized()
        let issues = request.validate()
        guard issues.isEmpty else { throw ValidationFailure(issues: issues) }
        return request
    }
}
