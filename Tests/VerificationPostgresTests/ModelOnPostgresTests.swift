import Testing
import Verification
import VerificationPostgres
import VerificationTestSupport

/// The model-based sequences (``ModelSequence``) on PostgreSQL: a restart is a new store and a new
/// engine on the same database.
@Suite("Model-based sequences on PostgreSQL")
struct ModelOnPostgresTests {
    @Test("400 random operations agree with the model", arguments: [1, 2, 3] as [UInt64])
    func sequences(_ seed: UInt64) async throws {
        try await withStore { first in
            try await ModelSequence.run(seed: seed) { previous in
                previous == nil ? first : PostgresVerificationStore(client: first.client)
            }
        }
    }
}
