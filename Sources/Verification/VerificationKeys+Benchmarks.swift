extension VerificationKeys {
    /// The HMAC work of a start, for the benchmarks (SPI `Benchmarks`): the code's digest as the
    /// first code of verification `id`, and the code sealed for the ladder's call, as
    /// ``VerificationEngine/sendIdenfySMS(_:caller:)`` computes them (two HMAC-SHA256).
    @_spi(Benchmarks)
    public func startDigests(code: String, id: String) throws(VerificationError) -> (
        digest: [UInt8], sealed: [UInt8]
    ) {
        try digestAndSeal(code: code, id: id)
    }

    /// The HMAC work of a check, for the benchmarks (SPI `Benchmarks`): whether `entry`, as the
    /// first code of verification `id`, has the digest `stored`, compared in constant time as
    /// the stores compare it (one HMAC-SHA256).
    @_spi(Benchmarks)
    public func checkDigest(_ stored: [UInt8], entry: String, id: String) -> Bool {
        digestMatches(stored, id: id, generation: 1, code: entry)
    }
}
