extension PhoneMatchInitialResponse {
    /// The continue request for the user's entry: the response's
    /// `continuations.outofband.template` with `codematch.key` set to the entry, folded by
    /// ``OTPEntry/normalize(_:)``. Send it to ``continuationPath``.
    public func continueRequest(userEntry: String) throws(PhoneMatchFlowError) -> PhoneMatchContinueRequest {
        guard let continuation = continuations?.outOfBand else {
            throw .noContinuation(action: result.action, detail: result.detail)
        }
        guard !continuation.template.token.isEmpty else { throw .missingToken }
        let entry = OTPEntry.normalizedSecret(userEntry)
        guard !entry.isEmpty else { throw .emptyEntry }
        var request = continuation.template
        request.codeMatch.key = entry
        return request
    }

    /// `continuations.outofband.url`, the path for the continue request, when present.
    public var continuationPath: String? { continuations?.outOfBand?.url }
}
