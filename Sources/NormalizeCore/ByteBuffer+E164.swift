package import PhoneNumbers

extension ByteBuffer {
    /// Appends a number in E.164 form (ITU-T E.164), written by the one E.164 writer behind
    /// ``PhoneNumber/e164``, without making a `String`.
    @inline(__always)
    package func appendE164(_ number: PhoneNumber) {
        number.withE164UTF8 { append($0) }
    }
}
