import PostgresNIO
import Testing
import Verification
import VerificationPostgres

@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason))
struct MigrationTests {
    @Test func migrateIsIdempotent() async throws {
        try await PostgresServer.withDatabase { configuration in
            try await PostgresVerificationStore.withStore(
                configuration: configuration, migrate: false, logger: quietLogger
            ) { store in
                #expect(try await store.appliedSchemaVersion() == 0)
                try await store.migrate()
                #expect(try await store.appliedSchemaVersion() == PostgresVerificationStore.schemaVersion)
                try await store.migrate()
                try await store.migrate()
                #expect(try await store.appliedSchemaVersion() == PostgresVerificationStore.schemaVersion)
                let rows = try await store.client.query("SELECT count(*) FROM dialtone_schema_migrations")
                    .collect()
                #expect(try rows.first?.decode(Int.self) == PostgresVerificationStore.schemaVersion)
                let tables = try await store.client.query(
                    """
                    SELECT count(*) FROM information_schema.tables
                    WHERE table_name IN ('verifications', 'verification_steps', 'idempotency_keys', 'rate_limits')
                    """
                ).collect()
                #expect(try tables.first?.decode(Int.self) == 4)
            }
        }
    }

    @Test func concurrentMigrationsFromTwoInstances() async throws {
        try await PostgresServer.withDatabase { configuration in
            try await PostgresVerificationStore.withStore(
                configuration: configuration, migrate: false, logger: quietLogger
            ) { first in
                try await PostgresVerificationStore.withStore(
                    configuration: configuration, migrate: false, logger: quietLogger
                ) { second in
                    _ = try await concurrently(16, on: [first, second]) { store, _ in
                        try await store.migrate()
                    }
                    let rows = try await first.client.query(
                        "SELECT version FROM dialtone_schema_migrations ORDER BY version"
                    ).collect()
                    #expect(
                        try rows.map { try $0.decode(Int.self) }
                            == Array(1...PostgresVerificationStore.schemaVersion))
                    // The schema works from both.
                    try await first.insert(makeRecord("v"), steps: [])
                    #expect(try await second.verification(id: "v") == makeRecord("v"))
                }
            }
        }
    }

    @Test func newerSchemaIsRefused() async throws {
        try await PostgresServer.withDatabase { configuration in
            let known = PostgresVerificationStore.schemaVersion
            try await PostgresVerificationStore.withStore(configuration: configuration, logger: quietLogger) {
                store in
                try await store.client.query(
                    "INSERT INTO dialtone_schema_migrations (version) VALUES (\(known + 1))")
                await #expect(throws: VerificationStoreError.schemaTooNew(found: known + 1, known: known)) {
                    try await store.migrate()
                }
            }
            await #expect(throws: VerificationStoreError.schemaTooNew(found: known + 1, known: known)) {
                try await PostgresVerificationStore.withStore(
                    configuration: configuration, logger: quietLogger
                ) { _ in }
            }
        }
    }
}

@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason))
struct StoreErrorTests {
    @Test func failuresCarryNoBoundValues() async throws {
        try await withStore { store in
            let digest: [UInt8] = Array("SECRET-DIGEST".utf8)
            let record = makeRecord("id-4242", digest: digest)
            try await store.insert(record, steps: [])
            let error = await #expect(throws: VerificationStoreError.self) {
                try await store.insert(record, steps: [])
            }
            guard case .unavailable(let message)? = error else {
                Issue.record("expected unavailable, got \(String(describing: error))")
                return
            }
            #expect(message.contains("23505") && message.contains("unique_violation"))
            #expect(!message.contains("SECRET") && !message.contains("id-4242"))
            #expect(!message.contains("5345435245"))  // the digest in hex
            // The failed transaction left nothing behind.
            #expect(try await store.verification(id: "id-4242") == record)
        }
    }

    @Test func unreadableRowsAreCorrupt() async throws {
        try await withStore { store in
            try await store.insert(makeRecord("v"), steps: [])
            try await store.client.query("UPDATE verifications SET state = 'half-approved'")
            await #expect(
                throws: VerificationStoreError.corruptRow(
                    "verifications.state: unknown value 'half-approved'")
            ) {
                try await store.verification(id: "v")
            }
            await #expect(
                throws: VerificationStoreError.corruptRow(
                    "verifications.state: unknown value 'half-approved'")
            ) {
                try await store.claimAttempt(id: "v", now: t0)
            }
        }
    }

    @Test func stoppedClientIsUnavailable() async throws {
        try await PostgresServer.withDatabase { configuration in
            let client = PostgresClient(configuration: configuration)
            let running = Task { await client.run() }
            let store = PostgresVerificationStore(client: client, logger: quietLogger)
            try await store.migrate()
            running.cancel()
            await running.value
            let error = await #expect(throws: VerificationStoreError.self) {
                try await store.verification(id: "v")
            }
            #expect(error?.identifier == "store_unavailable")
        }
    }
}
