import PostgresNIO
import Verification

/// Turns postgres-nio's errors into ``Verification/VerificationStoreError`` without the values
/// bound to the statement: postgres-nio's errors carry the query and its binds (codes, digests,
/// sealed codes), and a server message can quote a value, so only the operation, the SQLSTATE, its
/// name and the schema objects involved are kept.
enum StoreErrors {
    static func map(_ error: any Error, operation: String) -> VerificationStoreError {
        switch error {
        case let error as VerificationStoreError:
            return error
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return map(inner, operation: operation)
            }
            return .unavailable("\(operation): transaction failed")
        case let error as PSQLError:
            return .unavailable("\(operation): \(describe(error))")
        case let error as PostgresDecodingError:
            return .corruptRow("\(operation): column \(error.columnName) (\(error.code))")
        case is CancellationError:
            return .unavailable("\(operation): cancelled")
        default:
            return .unavailable("\(operation): \(type(of: error))")
        }
    }

    /// A description of a postgres-nio error without its query, binds or server message.
    static func describe(_ error: PSQLError) -> String {
        guard error.code == .server, let info = error.serverInfo else {
            if error.code == .connectionError, let underlying = error.underlying {
                return "connection error (\(type(of: underlying)))"
            }
            return "\(error.code)"
        }
        let state = info[.sqlState] ?? "?"
        var text = "SQLSTATE \(state)"
        if let name = conditionNames[state] { text += " \(name)" }
        if let table = info[.tableName] { text += ", table \(table)" }
        if let constraint = info[.constraintName] { text += ", constraint \(constraint)" }
        return text
    }

    /// PostgreSQL's names for the conditions a store is likely to meet (Appendix A of its manual).
    static let conditionNames: [String: String] = [
        "08000": "connection_exception",
        "08006": "connection_failure",
        "23502": "not_null_violation",
        "23503": "foreign_key_violation",
        "23505": "unique_violation",
        "23514": "check_violation",
        "22003": "numeric_value_out_of_range",
        "28000": "invalid_authorization_specification",
        "28P01": "invalid_password",
        "3D000": "invalid_catalog_name",
        "40001": "serialization_failure",
        "40P01": "deadlock_detected",
        "42501": "insufficient_privilege",
        "42P01": "undefined_table",
        "42703": "undefined_column",
        "53300": "too_many_connections",
        "55P03": "lock_not_available",
        "57014": "query_canceled",
        "57P01": "admin_shutdown",
        "57P03": "cannot_connect_now",
    ]
}
