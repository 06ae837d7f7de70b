import Glibc

/// An output written with `write(2)`: standard output, standard error, or a file.
package struct OutputFile: Sendable {
    /// The name used in messages.
    package let name: String
    private let descriptor: Int32

    /// Standard output.
    package static var standardOutput: OutputFile {
        OutputFile(name: "standard output", descriptor: 1)
    }

    /// Standard error.
    package static var standardError: OutputFile {
        OutputFile(name: "standard error", descriptor: 2)
    }

    private init(name: String, descriptor: Int32) {
        self.name = name
        self.descriptor = descriptor
    }

    /// Creates (or truncates) a file for writing.
    package static func create(_ path: String) throws(NormalizeError) -> OutputFile {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw .openFailed(path: path, errno: errno) }
        return OutputFile(name: path, descriptor: descriptor)
    }

    /// Whether the output is a terminal.
    package var isTerminal: Bool {
        isatty(descriptor) == 1
    }

    /// Writes every byte.
    package func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(NormalizeError) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, next, remaining)
            if written > 0 {
                next += written
                remaining -= written
                continue
            }
            let code = errno
            if written < 0 && code == EINTR { continue }
            if written < 0 && code == EAGAIN {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&waiting, 1, -1)
                continue
            }
            throw .writeFailed(path: name, errno: written < 0 ? code : EIO)
        }
    }

    /// Writes a buffer's bytes.
    package func write(_ buffer: ByteBuffer) throws(NormalizeError) {
        try write(buffer.bytes)
    }

    /// Writes a string's UTF-8 bytes.
    package func write(_ text: String) throws(NormalizeError) {
        var copy = text
        let failure: NormalizeError? = copy.withUTF8 { bytes in
            do throws(NormalizeError) {
                try write(bytes)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Closes the file (the standard streams stay open).
    package func close() {
        if descriptor > 2 { Glibc.close(descriptor) }
    }
}
