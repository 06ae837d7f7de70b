import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Every error becomes a JSON answer: ours as they are, Hummingbird's (404, 413) with the same
/// body shape, anything else a 500 that is logged without detail (no client input reaches that
/// case: bad input is answered before the engine is called). The router answers 404 for a known
/// path with a method it does not take; that becomes 405 with an `Allow` header.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger
    /// The methods of every route, by path.
    let methodsByPath: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                if let allow = methodsByPath[Self.routePath(request.uri.path)],
                    !allow.contains(request.method)
                {
                    throw APIError.methodNotAllowed(request.method, allow: allow)
                }
                throw APIError.notFound
            case .contentTooLarge: throw APIError.bodyTooLarge
            case .methodNotAllowed:
                throw APIError.methodNotAllowed(
                    request.method, allow: methodsByPath[Self.routePath(request.uri.path)] ?? [])
            default:
                throw APIError(error.status, "http_\(error.status.code)", error.status.reasonPhrase)
            }
        } catch {
            logger.error("unexpected error", metadata: ["type": .string(String(describing: type(of: error)))])
            throw APIError(
                .internalServerError, "internal_error", "The server failed; the failure was logged.")
        }
    }

    /// The path as the router keeps it: without a trailing slash (`/sandbox/` is `/sandbox`).
    static func routePath(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

/// Sandbox only: the `Dialtone-Sandbox-Fault` request header makes the answer go wrong after the
/// route has run (so the request's effects happen, as when a real provider fails on the way
/// back), for testing clients: `status-500`, `status-502`, `status-503`, `status-504`,
/// `malformed` (200 with a body that is not JSON), `truncated` (200 with half of the JSON),
/// `slow-body` (the body a few bytes every 200 ms), `timeout` (no answer for 30 s).
/// `reject` answers 503 before the route runs (nothing happens). `Dialtone-Sandbox-Latency: MS`
/// delays the answer by up to 10,000 ms. `Dialtone-Sandbox-Fault-Once: KEY` limits the fault to
/// the first request that carries KEY (so that a client's repeat gets the real answer).
struct FaultInjectionMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    /// The `Dialtone-Sandbox-Fault-Once` keys already used by this server process.
    let onceKeys = SandboxFaultKeys()

    // swift-format-ignore: NeverForceUnwrap

    // A constant, valid field name.

    static let faultHeader = HTTPField.Name("Dialtone-Sandbox-Fault")!
    // swift-format-ignore: NeverForceUnwrap
    // A constant, valid field name.
    static let latencyHeader = HTTPField.Name("Dialtone-Sandbox-Latency")!
    // swift-format-ignore: NeverForceUnwrap
    // A constant, valid field name.
    static let onceHeader = HTTPField.Name("Dialtone-Sandbox-Fault-Once")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws
        -> Response
    {
        var fault = request.headers[Self.faultHeader]
        if fault != nil, let key = request.headers[Self.onceHeader] {
            guard (1...SandboxFaultKeys.maxKeyLength).contains(key.utf8.count) else {
                throw APIError.validation([
                    .init(
                        field: "Dialtone-Sandbox-Fault-Once", rule: "max_length",
                        message: "Dialtone-Sandbox-Fault-Once must be 1 to 64 bytes")
                ])
            }
            if !onceKeys.firstUse(of: key) { fault = nil }
        }
        if fault == "reject" {
            throw APIError(.serviceUnavailable, "sandbox_fault", "Rejected by the sandbox's fault injection.")
        }
        if let latency = request.headers[Self.latencyHeader].flatMap(Int.init), latency > 0 {
            try await Task.sleep(for: .milliseconds(min(latency, 10_000)))
        }
        let response = try await next(request, context)
        guard let fault else { return response }
        switch fault {
        case "status-500", "status-502", "status-503", "status-504":
            let code = Int(fault.dropFirst("status-".count)) ?? 500
            throw APIError(HTTPResponse.Status(code: code), "sandbox_fault", "Injected by the sandbox.")
        case "malformed":
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "<html>not json")))
        case "truncated", "slow-body":
            let body = try await Self.collect(response)
            if fault == "truncated" {
                let half = body.getSlice(at: 0, length: max(1, body.readableBytes / 2)) ?? ByteBuffer()
                return Response(
                    status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: half))
            }
            let whole = body
            return Response(
                status: response.status, headers: [.contentType: "application/json"],
                body: .init(contentLength: whole.readableBytes) { writer in
                    var rest = whole
                    while rest.readableBytes > 0,
                        let chunk = rest.readSlice(length: min(8, rest.readableBytes))
                    {
                        try await writer.write(chunk)
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    try await writer.finish(nil)
                })
        case "timeout":
            try await Task.sleep(for: .seconds(30))
            return response
        default:
            throw APIError.validation([
                .init(
                    field: "Dialtone-Sandbox-Fault", rule: "known_fault",
                    message: "Dialtone-Sandbox-Fault names no known fault")
            ])
        }
    }

    /// The bytes of a response body.
    static func collect(_ response: Response) async throws -> ByteBuffer {
        let collector = BodyCollector()
        try await response.body.write(collector)
        return collector.buffer.withLock { $0 }
    }
}

/// A body writer that keeps what it is given.
final class BodyCollector: ResponseBodyWriter, Sendable {
    let buffer = Mutex(ByteBuffer())
    func write(_ chunk: ByteBuffer) async throws {
        var chunk = chunk
        _ = buffer.withLock { $0.writeBuffer(&chunk) }
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// The `Dialtone-Sandbox-Fault-Once` keys seen, in memory (at most ``capacity``; then they are
/// forgotten and start again).
final class SandboxFaultKeys: Sendable {
    /// The most keys remembered.
    static let capacity = 10_000
    /// The longest key, in bytes.
    static let maxKeyLength = 64
    private let keys = Mutex(Set<String>())

    /// Whether `key` is seen for the first time (and remembers it).
    func firstUse(of key: String) -> Bool {
        keys.withLock { keys in
            if keys.count >= Self.capacity { keys.removeAll() }
            return keys.insert(key).inserted
        }
    }
}
