import CSQLite
package import Verification

/// A value bound to a statement's parameter.
package enum SQLiteValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    /// An integer from a Swift `Int`.
    static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
}

/// One row of a result, read by column index; valid only inside the closure it is handed to.
package struct SQLiteRow {
    let statement: OpaquePointer

    /// Whether the column holds NULL.
    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    /// The column as an integer (0 for NULL).
    package func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    /// The column as an `Int`.
    package func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    /// The column as text, nil for NULL.
    package func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column as bytes, nil for NULL.
    package func blob(_ column: Int32) -> [UInt8]? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

/// One connection to a SQLite database through the system's libsqlite3, with every statement
/// prepared once and kept.
///
/// It is used by one thread at a time: ``SQLiteVerificationStore`` keeps it behind a mutex and
/// runs each operation (a statement, or a transaction) synchronously under the lock. A store
/// operation is a few cached statements on a local file, tens of microseconds, so it costs less to
/// run it where the caller is than to hop to another thread and back for each statement.
package final class SQLiteConnection {
    private var handle: OpaquePointer?
    /// Prepared statements by the address of their SQL literal.
    private var statements: [UnsafeRawPointer: OpaquePointer] = [:]

    /// SQLite's "copy the bound bytes now" destructor (`SQLITE_TRANSIENT`, a macro Swift cannot
    /// import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opens (creating if needed) the database at `path`; `":memory:"` is a private in-memory one.
    package init(path: String) throws(VerificationStoreError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw .unavailable("cannot open the SQLite database: \(message)")
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { close() }

    /// Finalizes every statement and closes the connection; later calls fail as unavailable.
    package func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Whether ``close()`` has run.
    package var isClosed: Bool { handle == nil }

    /// Runs SQL text that binds nothing and returns no rows (pragmas, schema, table names chosen
    /// by the code, never by a caller).
    package func execute(_ sql: String) throws(VerificationStoreError) {
        let handle = try open()
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw .unavailable(text)
        }
    }

    /// Runs one statement with `binds`, handing each result row to `row`. The statement is
    /// prepared on first use and kept for the connection's life.
    package func run(
        _ sql: StaticString, _ binds: SQLiteValue...,
        row: (SQLiteRow) throws(VerificationStoreError) -> Void = { _ in }
    ) throws(VerificationStoreError) {
        let statement = try prepared(sql)
        try run(statement, binds, row: row)
    }

    /// Runs one statement and returns the number of rows it produced.
    @discardableResult
    package func count(_ sql: StaticString, _ binds: SQLiteValue...) throws(VerificationStoreError) -> Int {
        var rows = 0
        try run(prepared(sql), binds) { _ in rows += 1 }
        return rows
    }

    /// Runs SQL text with binds (statements whose shape varies, such as a multi-row insert);
    /// prepared for this call only.
    package func runOnce(
        _ sql: String, _ binds: [SQLiteValue],
        row: (SQLiteRow) throws(VerificationStoreError) -> Void = { _ in }
    ) throws(VerificationStoreError) {
        let handle = try open()
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .unavailable(String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        try run(statement, binds, row: row)
    }

    /// Whether a transaction is open on this connection.
    package var inTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction (the write lock is taken at the start, so
    /// two processes never both read and then both write); rolled back if it throws. Inside a
    /// transaction already open (a group commit), `body` runs in it: the group's savepoint makes
    /// it atomic.
    package func transaction<T>(_ body: () throws(VerificationStoreError) -> T) throws(VerificationStoreError)
        -> T
    {
        if inTransaction { return try body() }
        try run("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try run("COMMIT")
            return value
        } catch {
            try? run("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a savepoint of the open transaction: its changes are kept when it
    /// returns and undone when it throws, without touching the rest of the transaction.
    package func savepoint<T>(_ body: () throws(VerificationStoreError) -> T) -> Result<
        T, VerificationStoreError
    > {
        do {
            try run("SAVEPOINT dialtone_write")
        } catch {
            return .failure(error)
        }
        do {
            let value = try body()
            try run("RELEASE dialtone_write")
            return .success(value)
        } catch {
            try? run("ROLLBACK TO dialtone_write")
            try? run("RELEASE dialtone_write")
            return .failure(error)
        }
    }

    // MARK: Plumbing

    private func open() throws(VerificationStoreError) -> OpaquePointer {
        guard let handle else { throw .unavailable("the SQLite store is closed") }
        return handle
    }

    private func prepared(_ sql: StaticString) throws(VerificationStoreError) -> OpaquePointer {
        let key = UnsafeRawPointer(sql.utf8Start)
        if let statement = statements[key] { return statement }
        let handle = try open()
        var statement: OpaquePointer?
        let status = sql.withUTF8Buffer { text in
            text.withMemoryRebound(to: CChar.self) { text in
                sqlite3_prepare_v3(
                    handle, text.baseAddress, Int32(text.count), UInt32(SQLITE_PREPARE_PERSISTENT),
                    &statement, nil)
            }
        }
        guard status == SQLITE_OK, let statement else {
            throw .unavailable(String(cString: sqlite3_errmsg(handle)))
        }
        statements[key] = statement
        return statement
    }

    private func run(
        _ statement: OpaquePointer, _ binds: [SQLiteValue],
        row: (SQLiteRow) throws(VerificationStoreError) -> Void
    ) throws(VerificationStoreError) {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .null: status = sqlite3_bind_null(statement, index)
            case .text(var text):
                status = text.withUTF8 { bytes in
                    sqlite3_bind_text(
                        statement, index,
                        UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                        Int32(bytes.count), Self.transient)
                }
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    // A zero-length blob, not NULL, for an empty array.
                    buffer.baseAddress == nil
                        ? sqlite3_bind_zeroblob(statement, index, 0)
                        : sqlite3_bind_blob(
                            statement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
                }
            }
            guard status == SQLITE_OK else { throw failure(status) }
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_ROW {
                try row(SQLiteRow(statement: statement))
            } else if status == SQLITE_DONE {
                return
            } else {
                throw failure(status)
            }
        }
    }

    private func failure(_ status: Int32) -> VerificationStoreError {
        // SQLite's message names the statement's problem, never the bound values.
        let message =
            handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        return .unavailable(message)
    }
}
