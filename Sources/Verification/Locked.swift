#if canImport(Glibc)
    import Glibc
#endif

/// A value behind a pthread mutex, for the stores, the virtual clock and the tests' recorders.
///
/// `Synchronization.Mutex` would do the same job, but the thread sanitizer does not see its
/// futex-based hand-off on Linux and reports races that are not there; it understands pthread
/// mutexes, so CI's sanitizer run checks this code as it ships.
package final class Locked<Value>: @unchecked Sendable {
    // `@unchecked Sendable`: `value` is read and written only between lock and unlock. It is
    // kept behind a pointer rather than in a stored `var`, whose every `inout` access would also
    // pay the runtime's dynamic exclusivity check (`swift_beginAccess`), which the lock already
    // makes needless.
    private let value: UnsafeMutablePointer<Value>
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Wraps `value`.
    package init(_ value: Value) {
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` with the value, alone.
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}
