import Glibc

/// An input read with `read(2)`: a file, or standard input (`-`).
package struct InputFile: Sendable {
    /// The name used in messages and reject files: the path, or `-` for standard input.
    package let name: String
    private let descriptor: Int32

    /// Standard input.
    package static var standardInput: InputFile {
        InputFile(name: "-", descriptor: 0)
    }

    private init(name: String, descriptor: Int32) {
        self.name = name
        self.descriptor = descriptor
    }

    /// Opens a file for reading; `-` is standard input.
    package static func open(_ path: String) throws(NormalizeError) -> InputFile {
        if path == "-" { return .standardInput }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw .openFailed(path: path, errno: errno) }
        var status = stat()
        if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(descriptor)
            throw .openFailed(path: path, errno: EISDIR)
        }
        return InputFile(name: path, descriptor: descriptor)
    }

    /// Reads up to `count` bytes into `buffer`; 0 means the end of the input.
    package func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(NormalizeError) -> Int {
        while true {
            let result = Glibc.read(descriptor, buffer, count)
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&waiting, 1, -1)
                continue
            }
            throw .readFailed(path: name, errno: code)
        }
    }

    /// Closes the file (standard input stays open).
    package func close() {
        if descriptor > 2 { Glibc.close(descriptor) }
    }
}
