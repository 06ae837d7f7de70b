import Logging
import Synchronization

/// A log handler that keeps every line it is given, rendered with its metadata, for tests that
/// check what the clients log.
final class CapturingLogHandler: LogHandler, Sendable {
    private let store: Mutex<[String]>
    private let state: Mutex<(level: Logger.Level, metadata: Logger.Metadata)>

    init() {
        store = Mutex([])
        state = Mutex((level: .trace, metadata: [:]))
    }

    var lines: [String] { store.withLock { $0 } }
    var text: String { lines.joined(separator: "\n") }

    var logLevel: Logger.Level {
        get { state.withLock { $0.level } }
        set { state.withLock { $0.level = newValue } }
    }

    var metadata: Logger.Metadata {
        get { state.withLock { $0.metadata } }
        set { state.withLock { $0.metadata = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.withLock { $0.append("\(event.level) \(event.message) \(rendered) source=\(event.source)") }
    }

    /// A logger that writes here.
    func logger() -> Logger {
        var logger = Logger(label: "test", factory: { _ in self })
        logger.logLevel = .trace
        return logger
    }
}
