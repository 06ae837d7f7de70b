public import Logging
import Synchronization

/// Keeps every log line with its metadata, to check that no code, secret or token is ever logged.
public final class LogCapture: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    /// The handler's metadata (swift-log's `LogHandler`).
    public var metadata: Logger.Metadata = [:]
    /// The handler's level: everything, by default.
    public var logLevel: Logger.Level = .trace

    /// An empty capture.
    public init() {}

    /// One metadata value (swift-log's `LogHandler`).
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Keeps the line: level, message and merged metadata.
    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
    }

    /// Every line so far.
    public var all: [String] { lines.withLock { $0 } }

    /// A logger writing here, at every level.
    public var logger: Logger {
        var logger = Logger(label: "test") { _ in self }
        logger.logLevel = .trace
        return logger
    }
}
