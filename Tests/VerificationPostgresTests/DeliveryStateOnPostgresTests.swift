import Testing
import Verification
import VerificationPostgres
import VerificationTestSupport

/// The delivery state scenarios (as on memory and SQLite) on PostgreSQL, through two clients on
/// one database, as two instances would share it.
@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason))
struct DeliveryStateOnPostgresTests {
    @Test("delivery state on PostgreSQL, two instances", arguments: DeliveryStateScenario.allCases)
    func scenario(_ scenario: DeliveryStateScenario) async throws {
        try await withStores(2) { stores in try await scenario.run(stores) }
    }
}
