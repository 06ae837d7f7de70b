import DialtoneTestSupport
import Foundation
import PostgresNIO
import Synchronization
import Testing
import VerificationPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server for the tests: the one `DIALTONE_TEST_POSTGRES_URL` names
/// (`postgres://user[:password]@host[:port]/database`), or else a throwaway cluster this process
/// starts from the installed binaries (`/usr/lib/postgresql/*/bin`, or `DIALTONE_TEST_POSTGRES_BIN`)
/// on a free port and removes when it exits. Each test gets a database of its own on it.
///
/// With `DIALTONE_REQUIRE_POSTGRES=1` (CI sets it) a server that cannot be started or reached is a
/// failure; without it, and without binaries or URL, the tests are skipped.
struct PostgresServer: Sendable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String

    /// Whether the tests must run (`DIALTONE_REQUIRE_POSTGRES=1`).
    static var isRequired: Bool { ProcessInfo.processInfo.environment["DIALTONE_REQUIRE_POSTGRES"] == "1" }

    /// The server URL given by the environment, if any.
    static var externalURL: String? {
        ProcessInfo.processInfo.environment["DIALTONE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the Postgres tests run: a server is given or can be started, or it is required (and
    /// its absence then fails them).
    static var isEnabled: Bool { isRequired || externalURL != nil || binDirectory != nil }

    /// Why the tests are skipped when ``isEnabled`` is false.
    static let skipReason = Comment(
        rawValue: "PostgreSQL not found: install Debian's `postgresql` or set DIALTONE_TEST_POSTGRES_URL "
            + "(DIALTONE_REQUIRE_POSTGRES=1 makes this a failure)")

    /// The folder of `initdb` and `pg_ctl`: `DIALTONE_TEST_POSTGRES_BIN` when set, else the newest
    /// of Debian's `/usr/lib/postgresql/*/bin`.
    static let binDirectory: String? = {
        if let folder = ProcessInfo.processInfo.environment["DIALTONE_TEST_POSTGRES_BIN"], !folder.isEmpty {
            return FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") ? folder : nil
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap { Int($0) }.sorted(by: >).map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }()

    /// The server every test of this process shares, started on first use.
    static let shared = Task<PostgresServer, any Error> {
        if let url = externalURL {
            let server = try parse(url)
            try await server.probe()
            return server
        }
        guard let bin = binDirectory else {
            throw HarnessError("PostgreSQL is required (DIALTONE_REQUIRE_POSTGRES=1) but no initdb was found")
        }
        // initdb and pg_ctl take seconds: waited for on a thread of their own.
        return try await onOwnThread { try Cluster.start(bin: bin) }
    }

    /// A client configuration for `database` on this server (no TLS, a small pool).
    func configuration(database: String? = nil, maximumConnections: Int = 8) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password,
            database: database ?? self.database,
            tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// Connects once, so that an unreachable server fails every test at once rather than after
    /// each pool's retries.
    func probe() async throws {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        do {
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: 0, logger: quietLogger)
            try await connection.close()
        } catch {
            throw HarnessError("cannot reach PostgreSQL at \(host):\(port): \(String(reflecting: error))")
        }
    }

    static func parse(_ text: String) throws -> PostgresServer {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let host = url.host, let user = url.user
        else { throw HarnessError("DIALTONE_TEST_POSTGRES_URL is not postgres://user@host:port/database") }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        return PostgresServer(
            host: host, port: url.port ?? 5432, username: user, password: url.password,
            database: database.isEmpty ? "postgres" : database)
    }

    /// Runs `body` with a new, empty database on the shared server, dropped afterwards.
    static func withDatabase<Result: Sendable>(
        _ body: (PostgresClient.Configuration) async throws -> Result
    ) async throws -> Result {
        let server = try await shared.value
        let name = "dialtone_test_\(UInt64.random(in: 0 ... .max))"
        try await withClient(server.configuration(maximumConnections: 1)) { admin in
            _ = try await admin.query("CREATE DATABASE \(unescaped: name)")
        }
        let result: Result
        do {
            result = try await body(server.configuration(database: name))
        } catch {
            try? await dropDatabase(name, on: server)
            throw error
        }
        try await dropDatabase(name, on: server)
        return result
    }

    private static func dropDatabase(_ name: String, on server: PostgresServer) async throws {
        try await withClient(server.configuration(maximumConnections: 1)) { admin in
            _ = try await admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)")
        }
    }

    /// Runs `body` with a running client for `configuration`, stopped afterwards.
    static func withClient<Result: Sendable>(
        _ configuration: PostgresClient.Configuration, _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}

/// A failure of the test harness itself.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A throwaway cluster: `initdb` into a temporary folder, `pg_ctl start` on a free port on
/// 127.0.0.1 with its socket in the same folder, stopped and removed when the process exits (an
/// `atexit` handler) or, should the process die, by a small watchdog shell that waits for it.
/// As root, the server runs as the `postgres` user (`initdb` refuses root).
enum Cluster {
    /// The folder of the running cluster and its `pg_ctl`, for the exit handler.
    private static let running = Mutex<(folder: String, stop: String)?>(nil)

    static func start(bin: String) throws -> PostgresServer {
        let asRoot = geteuid() == 0
        var template = Array("/tmp/dialtone-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessError("mkdtemp failed") }
        let folder = String(cString: made)
        let run: [String] = asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        if asRoot {
            guard let user = getpwnam("postgres") else {
                throw HarnessError("running as root but there is no `postgres` user to run the server")
            }
            guard chown(folder, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw HarnessError("chown \(folder) failed")
            }
        }
        try execute(
            run + [
                "\(bin)/initdb", "-D", "\(folder)/data", "-A", "trust", "-U", "dialtone", "-E", "UTF8",
                "--locale=C", "--no-sync",
            ], log: "\(folder)/initdb.log")
        let stop = (run + ["\(bin)/pg_ctl", "-D", "\(folder)/data", "-m", "fast", "stop"])
            .map(shellQuoted).joined(separator: " ")
        running.withLock { $0 = (folder, stop) }
        atexit { Cluster.stopAtExit() }
        try watch(folder: folder, stop: stop)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try freeLoopbackPort()
            let options = [
                "-k \(folder) -p \(port) -c listen_addresses=127.0.0.1 -c max_connections=200",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            ].joined(separator: " ")
            do {
                try execute(
                    run + [
                        "\(bin)/pg_ctl", "-D", "\(folder)/data", "-o", options, "-l", "\(folder)/server.log",
                        "-w",
                        "start",
                    ],
                    log: "\(folder)/pg_ctl.log")
                return PostgresServer(
                    host: "127.0.0.1", port: port, username: "dialtone", password: nil, database: "postgres")
            } catch {
                lastError = error  // most likely the port was taken meanwhile: another one
            }
        }
        throw lastError ?? HarnessError("pg_ctl start failed")
    }

    /// Stops the cluster and removes its folder (called by `atexit`).
    static func stopAtExit() {
        guard let (folder, stop) = running.withLock({ $0 }) else { return }
        _ = system("\(stop) >/dev/null 2>&1; rm -rf \(shellQuoted(folder))")
    }

    /// Starts a shell that waits for this process to end, then stops the cluster and removes it,
    /// if the exit handler has not.
    private static func watch(folder: String, stop: String) throws {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            if [ -d \(shellQuoted(folder)) ]; then \(stop) >/dev/null 2>&1; rm -rf \(shellQuoted(folder)); fi
            """
        _ = try spawn(["/bin/sh", "-c", script], log: "/dev/null")
    }

    /// Runs a command to its end; its output goes to `log`, quoted in the error if it fails.
    private static func execute(_ arguments: [String], log: String) throws {
        let pid = try spawn(arguments, log: log)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw HarnessError("waitpid failed for \(arguments[0])") }
        }
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw HarnessError("\(arguments.joined(separator: " ")) failed (status \(status)):\n\(text)")
        }
    }

    /// Starts a command with standard input from /dev/null, its output to `log`, and no other open
    /// file of this process, so the server it may start holds none of this process's pipes.
    /// (Foundation's `Process` hung in `waitUntilExit` after `pg_ctl start` here, leaving the
    /// finished `pg_ctl` unreaped.)
    private static func spawn(_ arguments: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        markOpenFilesCloseOnExec()
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else { throw HarnessError("cannot start \(arguments[0]): error \(result)") }
        return pid
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
