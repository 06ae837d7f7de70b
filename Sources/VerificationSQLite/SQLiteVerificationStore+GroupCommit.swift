package import Verification

/// Group commit: write operations that arrive while another batch is being written wait for the
/// next batch, and a batch is one `BEGIN IMMEDIATE` … `COMMIT` holding each operation in a
/// savepoint of its own.
///
/// A commit is most of an operation's cost (the WAL frames written, the file locks taken and
/// released), so under concurrent load a batch of n operations costs little more than one.
/// Each operation stays atomic (its savepoint is undone when it throws, leaving the others), and
/// its caller hears the result only once the batch has committed: when the commit fails, every
/// operation of the batch fails. Alone, an operation runs as it would without a group (one
/// statement in autocommit, or its own transaction).
///
/// A caller that finds no batch being written runs its operation at once, on its own thread, as
/// it would without a group; operations that arrive meanwhile wait and are written by a new task
/// as the next batch, so no caller waits for more than the batch being written and its own.
extension SQLiteVerificationStore {
    /// One queued operation: `run` executes it on the connection inside the batch's transaction
    /// (in a savepoint when `inSavepoint`) and returns what completes its caller once the batch's
    /// fate is known; `fail` completes the caller without running it.
    struct QueuedWrite: Sendable {
        let run: @Sendable (SQLiteConnection, _ inSavepoint: Bool) -> Completion
        let fail: @Sendable (VerificationStoreError) -> Void

        typealias Completion = @Sendable (_ commitFailure: VerificationStoreError?) -> Void
    }

    /// Operations waiting for the next batch, and whether a batch is being written.
    struct WriteQueue {
        var waiting: [QueuedWrite] = []
        var writing = false
        /// Batches written and operations they held, since the store was opened.
        var batches = 0
        var operations = 0
    }

    /// Batches written and the operations they held, since the store was opened (each batch is
    /// one transaction).
    package var groupCommits: (batches: Int, operations: Int) {
        queue.withLock { ($0.batches, $0.operations) }
    }

    /// Runs `body` as one atomic operation of the next group commit, and returns its result once
    /// that commit has succeeded.
    package func write<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws(VerificationStoreError) -> T
    ) async throws(VerificationStoreError) -> T {
        // No batch being written: this operation runs at once on the caller's thread, with nothing
        // queued (the common case without contention); what arrives meanwhile is queued and
        // written after it as the next batch.
        let alone = queue.withLock { queue in
            if queue.writing { return false }
            queue.writing = true
            queue.batches += 1
            queue.operations += 1
            return true
        }
        if alone {
            let outcome: Result<T, VerificationStoreError>
            do throws(VerificationStoreError) {
                outcome = .success(try locked { (db) throws(VerificationStoreError) -> T in try body(db) })
            } catch {
                outcome = .failure(error)
            }
            writeWaiting()
            return try outcome.get()
        }
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, VerificationStoreError>, Never>) in
            let queued = QueuedWrite(
                run: { db, inSavepoint in
                    let outcome: Result<T, VerificationStoreError>
                    if inSavepoint {
                        outcome = db.savepoint { () throws(VerificationStoreError) -> T in try body(db) }
                    } else {
                        do throws(VerificationStoreError) {
                            outcome = .success(try body(db))
                        } catch {
                            outcome = .failure(error)
                        }
                    }
                    return { commitFailure in
                        continuation.resume(returning: commitFailure.map { .failure($0) } ?? outcome)
                    }
                },
                fail: { continuation.resume(returning: .failure($0)) })
            let startsBatch = queue.withLock { queue in
                queue.waiting.append(queued)
                if queue.writing { return false }
                queue.writing = true
                return true
            }
            if startsBatch { writeBatch() }
        }
        return try result.get()
    }

    /// For tests: from now on, writes wait in the queue (none is written) until
    /// ``resumeWrites()``. Call it when no write is under way.
    package func holdWrites() {
        queue.withLock { $0.writing = true }
    }

    /// For tests: how many writes wait for the next batch.
    package var waitingWrites: Int {
        queue.withLock { $0.waiting.count }
    }

    /// For tests: writes everything held by ``holdWrites()`` as one batch, then goes on as usual.
    package func resumeWrites() {
        writeBatch()
    }

    /// Writes every waiting operation as one transaction, completes their callers, and hands the
    /// operations that arrived meanwhile to a new task.
    func writeBatch() {
        let batch = queue.withLock { queue in
            let batch = queue.waiting
            queue.waiting = []
            queue.batches += 1
            queue.operations += batch.count
            return batch
        }
        var completions: [QueuedWrite.Completion] = []
        completions.reserveCapacity(batch.count)
        let failure: VerificationStoreError? = locked { db in
            if batch.count == 1 {
                // Alone: the operation runs as it would without a group, its statements in
                // autocommit, or in its own `transaction` where it has several to keep together.
                completions.append(batch[0].run(db, false))
                return nil
            }
            do throws(VerificationStoreError) {
                try db.run("BEGIN IMMEDIATE")
            } catch {
                for queued in batch { queued.fail(error) }
                return nil
            }
            for queued in batch { completions.append(queued.run(db, true)) }
            do throws(VerificationStoreError) {
                try db.run("COMMIT")
                return nil
            } catch {
                try? db.run("ROLLBACK")
                return error
            }
        }
        for complete in completions { complete(failure) }
        writeWaiting()
    }

    /// Ends the current turn of writing: hands the operations that arrived meanwhile to a new
    /// task as the next batch, or marks that no batch is being written.
    private func writeWaiting() {
        let more = queue.withLock { queue in
            if queue.waiting.isEmpty {
                queue.writing = false
                return false
            }
            return true
        }
        if more { Task { self.writeBatch() } }
    }
}
