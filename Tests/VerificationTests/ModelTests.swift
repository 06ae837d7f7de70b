import Testing
import Verification
import VerificationSQLite
import VerificationTestSupport

/// The model-based sequences (``ModelSequence``) on the in-memory store and on a SQLite file.
@Suite("Model-based sequences")
struct ModelTests {
    @Test("400 random operations agree with the model", arguments: StoreKind.allCases, [1, 2, 3] as [UInt64])
    func sequences(_ kind: StoreKind, _ seed: UInt64) async throws {
        let path = StoreKind.temporaryPath()
        try await ModelSequence.run(seed: seed) { previous in
            switch kind {
            case .memory:
                return previous ?? InMemoryVerificationStore()
            case .sqlite:
                await (previous as? SQLiteVerificationStore)?.close()
                return try await SQLiteVerificationStore.open(path: path)
            }
        }
    }
}
