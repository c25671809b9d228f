import KafkaModel
import KafkaProtocol
import Testing
import TransactionCoordinator

@Suite struct StateMachineTests {
    @Test func commitGoesThroughPrepareAndMarkersToCompleteCommit() async throws {
        let h = try await Harness()
        let producer = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil)
        #expect(producer == .init(errorCode: .none, producerID: 1000, producerEpoch: 0))
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                  partitions: [tp("a", 0), tp("a", 1)]) == .none)
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: true) == .none)
        #expect(try await h.waitFor("t", .completeCommit))
        #expect(h.markers.sent == [TransactionMarkers(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                      commit: true, coordinatorEpoch: 5,
                                                      partitions: [tp("a", 0), tp("a", 1)])])
        #expect(try h.log.states(of: "t") == [.empty, .ongoing, .prepareCommit, .completeCommit])
        // A retried commit succeeds; an abort now is illegal.
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: true) == .none)
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: false) == .invalidTxnState)
    }

    @Test func requestsWhileMarkersAreInFlightAnswerConcurrentTransactions() async throws {
        let h = try await Harness()
        _ = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil)
        _ = await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                              partitions: [tp("a", 0)])
        h.markers.hold(true)
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: false) == .none)
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                  partitions: [tp("a", 0)]) == .concurrentTransactions)
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: false) == .concurrentTransactions)
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: true) == .invalidTxnState)
        #expect(await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil).errorCode
                == .concurrentTransactions)
        h.markers.hold(false)
        #expect(try await h.waitFor("t", .completeAbort))
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                  partitions: [tp("a", 0)]) == .none)
    }

    @Test func errorsForWrongIdsEpochsStatesAndTimeouts() async throws {
        let h = try await Harness()
        #expect(await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 900_001, expected: nil).errorCode
                == .invalidTransactionTimeout)
        #expect(await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 0, expected: nil).errorCode
                == .invalidTransactionTimeout)
        #expect(await h.coordinator.initProducerID(transactionalID: "", timeoutMs: 1000, expected: nil).errorCode
                == .invalidRequest)
        #expect(await h.coordinator.addPartitions(transactionalID: "nobody", producerID: 1, producerEpoch: 0,
                                                  partitions: [tp("a", 0)]) == .invalidProducerIdMapping)
        _ = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 1000, expected: nil)
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 7, producerEpoch: 0,
                                                  partitions: [tp("a", 0)]) == .invalidProducerIdMapping)
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 3,
                                                  partitions: [tp("a", 0)]) == .producerFenced)
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: true) == .invalidTxnState)
    }

    @Test func aSecondInitFencesTheFirstProducerAndAbortsItsTransaction() async throws {
        let h = try await Harness()
        _ = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil)
        _ = await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                              partitions: [tp("a", 0)])
        // The new producer is told to retry while the old transaction is aborted under a bumped epoch.
        #expect(await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil).errorCode
                == .concurrentTransactions)
        #expect(try await h.waitFor("t", .completeAbort))
        #expect(h.markers.sent.map(\.producerEpoch) == [1])
        #expect(h.markers.sent.map(\.commit) == [false])
        let second = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil)
        #expect(second == .init(errorCode: .none, producerID: 1000, producerEpoch: 2))
        // The first producer, at epoch 0, is fenced everywhere.
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                  partitions: [tp("a", 0)]) == .producerFenced)
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: true) == .producerFenced)
    }

    @Test func kip360ReinitBumpsFromTheCurrentEpochAndRetriesGetTheSameAnswer() async throws {
        let h = try await Harness()
        _ = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil)
        let bumped = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: (1000, 0))
        #expect(bumped == .init(errorCode: .none, producerID: 1000, producerEpoch: 1))
        // The answer was lost: the producer retries with the epoch it had.
        let retried = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: (1000, 0))
        #expect(retried == bumped)
        #expect(await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: (55, 0)).errorCode
                == .producerFenced)
    }

    @Test func anExhaustedEpochRotatesTheProducerID() {
        let exhausted = TransactionMetadata(transactionalID: "t", producerID: 7, producerEpoch: Int16.max - 1,
                                            timeoutMs: 1000, state: .completeCommit, lastUpdateTimestampMs: 0)
        #expect(exhausted.isEpochExhausted)
        let rotated = exhausted.rotatingProducerID(to: 8, timeoutMs: 1000, keepLastEpoch: true, nowMs: 1)
        #expect(rotated.producerID == 8 && rotated.producerEpoch == 0 && rotated.state == .empty)
        #expect(rotated.acceptsExpected(producerID: 7, epoch: Int16.max - 1))
        #expect(!rotated.acceptsExpected(producerID: 6, epoch: 3))
    }

    @Test func transitionsFollowKafkasValidPreviousStates() {
        #expect(TransactionState.prepareCommit.validPreviousStates == [.ongoing])
        #expect(TransactionState.prepareAbort.validPreviousStates == [.ongoing, .prepareEpochFence])
        #expect(TransactionState.completeAbort.validPreviousStates == [.prepareAbort])
        #expect(TransactionState.dead.validPreviousStates == [.empty, .completeCommit, .completeAbort])
        let ongoing = TransactionMetadata(transactionalID: "t", producerID: 1, producerEpoch: 0, timeoutMs: 1,
                                          state: .ongoing, lastUpdateTimestampMs: 0)
        #expect(ongoing.canMove(to: .prepareCommit) && !ongoing.canMove(to: .completeCommit))
        #expect(TransactionState(name: "PrepareEpochFence") == .prepareEpochFence)
        #expect(TransactionState(name: "Nope") == nil)
    }

    @Test func timedOutTransactionsAreAbortedWithAnEpochBump() async throws {
        let h = try await Harness()
        _ = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 1000, expected: nil)
        _ = await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                              partitions: [tp("a", 0)])
        await h.coordinator.abortTimedOutTransactions()
        #expect(h.markers.sent.isEmpty)
        h.clock.advance(byMs: 1001)
        await h.coordinator.abortTimedOutTransactions()
        #expect(try await h.waitFor("t", .completeAbort))
        #expect(h.markers.sent.map(\.producerEpoch) == [1])
        #expect(await h.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                   commit: true) == .producerFenced)
    }

    @Test func idleIdsExpireWithATombstone() async throws {
        var config = TransactionCoordinatorConfig()
        config.idExpirationMs = 10_000
        let h = try await Harness(config: config)
        _ = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 1000, expected: nil)
        h.clock.advance(byMs: 10_000)
        await h.coordinator.expireTransactionalIDs()
        #expect(try h.log.states(of: "t") == [.empty, nil])
        #expect(await h.coordinator.describe(transactionalID: "t") == .failure(.transactionalIdNotFound))
    }

    @Test func aFailedWriteLeavesTheStateAsItWas() async throws {
        let h = try await Harness()
        _ = await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 1000, expected: nil)
        h.log.fail(with: TransactionLogError.notReplicated)
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                  partitions: [tp("a", 0)]) == .coordinatorNotAvailable)
        h.log.fail(with: TransactionLogError.notLeader)
        #expect(await h.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                  partitions: [tp("a", 0)]) == .notCoordinator)
        #expect(try await h.waitFor("t", .empty))
    }
}
