package import PhoneNumbers

extension ByteBuffer {
    /// Appends a number in E.164 form (ITU-T E.164): `+`, the calling code, and the national
    /// significant number with its leading zeros; the same text as ``PhoneNumber/e164`` without
    /// making a `String`.
    @inline(__always)
    package func appendE164(_ number: PhoneNumber) {
        append(UInt8(ascii: "+"))
        appendDecimal(number.countryCode)
        var zeros = Int(number.leadingZeros)
        while zeros > 0 {
            append(UInt8(ascii: "0"))
            zeros -= 1
        }
        appendDecimal(Int(truncatingIfNeeded: number.nationalNumber))
    }
}
