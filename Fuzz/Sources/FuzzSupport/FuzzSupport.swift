// Shared pieces of the fuzz targets: starting libFuzzer, failing an invariant, reading choices
// from the input and deriving reproducible "random" values from it.
import FuzzDriver

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The signature of `LLVMFuzzerTestOneInput`: one input of `size` bytes; returns 0.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

/// Hands control to libFuzzer (or to the replayer of a plain build) with this process's command
/// line and exits with its status.
public func runFuzzer(_ callback: FuzzCallback) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv, callback)
    exit(status)
}

/// Calls `body` with the input as a buffer (empty, never nil, for a zero-length input) and returns
/// 0, libFuzzer's "keep going" answer.
@inline(__always)
public func withFuzzInput(
    _ data: UnsafePointer<UInt8>?, _ size: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void
) -> Int32 {
    body(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size > 0 ? size : 0))
    return 0
}

/// Fails the run when `condition` is false: prints the broken invariant and aborts, so that
/// libFuzzer records the input as a crash (`crash-<sha1>`).
@inline(__always)
public func invariant(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        var text = "INVARIANT VIOLATED at \(file):\(line): \(message())\n"
        text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
        abort()
    }
}

/// The input as a readable Swift literal (bytes outside printable ASCII escaped), for messages.
public func literal(_ bytes: some Collection<UInt8>) -> String {
    var out = "\""
    for byte in bytes {
        switch byte {
        case 0x22: out += "\\\""
        case 0x5C: out += "\\\\"
        case 0x0A: out += "\\n"
        case 0x0D: out += "\\r"
        case 0x09: out += "\\t"
        case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out + "\""
}

/// SplitMix64, seeded from the input so that every "random" choice reproduces with the input.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator seeded with `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator seeded with the FNV-1a hash of `bytes`.
    public init(hashing bytes: some Sequence<UInt8>) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = hash
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The first byte (0 for an empty input) and the rest: the usual "choice, then payload" split.
    public var choiceAndPayload: (choice: UInt8, payload: UnsafeBufferPointer<UInt8>) {
        guard let first = first else { return (0, self) }
        return (first, UnsafeBufferPointer(rebasing: self[1...]))
    }
}
