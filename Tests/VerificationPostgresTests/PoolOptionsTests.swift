import PostgresNIO
import Testing
import VerificationPostgres

/// The pool options dialtone-server uses: a kept-open minimum, clamped to the pool's maximum,
/// and postgres-nio's keep-alive left on.
struct PoolOptionsTests {
    @Test(arguments: [(8, 8), (0, 0), (-3, 0), (20, 20), (500, 20)])
    func minimum(_ asked: Int, _ kept: Int) {
        let options = PostgresVerificationStore.poolOptions(minimumConnections: asked)
        #expect(options.minimumConnections == kept)
        #expect(options.maximumConnections == 20)
        #expect(options.keepAliveBehavior != nil)
    }

    @Test func serverDefault() {
        #expect(PostgresVerificationStore.poolOptions().minimumConnections == 8)
    }
}
