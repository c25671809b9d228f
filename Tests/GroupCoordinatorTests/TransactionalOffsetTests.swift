import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

/// TxnOffsetCommit: offsets pending until their transaction's marker.
@Suite struct TransactionalOffsetTests {
    let entry = [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(42), metadata: "m")]

    func offset(_ h: Harness, requireStable: Bool = false) async -> FetchedOffset? {
        await h.coordinator.fetchOffsets(groupID: "eos", partitions: [tp("orders", 0)], requireStable: requireStable)
            .partitions.first
    }

    @Test func offsetsBecomeVisibleOnlyWhenTheTransactionCommits() async throws {
        let h = try await Harness()
        let errors = await h.coordinator.commitTransactionalOffsets(
            groupID: "eos", producerID: 7, producerEpoch: 0, offsets: entry)
        #expect(errors == [tp("orders", 0): .noError])
        #expect(await offset(h)?.offset == Offset(-1), "pending: not visible")
        #expect(await offset(h, requireStable: true)?.error == .unstableOffsetCommit)

        let partition = h.offsetsPartition(of: "eos")
        await h.coordinator.completeTransaction(offsetsPartition: partition + 1, producerID: 7, commit: true)
        #expect(await offset(h)?.offset == Offset(-1), "a marker on another offsets partition changes nothing")
        await h.coordinator.completeTransaction(offsetsPartition: partition, producerID: 7, commit: true)
        #expect(await offset(h)?.offset == Offset(42))
        #expect(await offset(h, requireStable: true)?.error == .noError)
    }

    @Test func anAbortDropsThePendingOffsets() async throws {
        let h = try await Harness()
        _ = await h.coordinator.commitOffsets(groupID: "eos", generationID: -1, memberID: "",
                                              offsets: [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(5),
                                                                          metadata: nil)])
        _ = await h.coordinator.commitTransactionalOffsets(groupID: "eos", producerID: 7, producerEpoch: 0,
                                                           offsets: entry)
        await h.coordinator.completeTransaction(offsetsPartition: h.offsetsPartition(of: "eos"), producerID: 7,
                                                commit: false)
        #expect(await offset(h)?.offset == Offset(5))
        #expect(await offset(h, requireStable: true)?.error == .noError)
    }

    @Test func kip447ChecksTheMemberAndGeneration() async throws {
        let h = try await Harness()
        let unknown = await h.coordinator.commitTransactionalOffsets(
            groupID: "eos", producerID: 7, producerEpoch: 0, generationID: 1, memberID: "nobody", offsets: entry)
        #expect(unknown == [tp("orders", 0): .unknownMemberID])
        let stale = await h.coordinator.commitTransactionalOffsets(
            groupID: "eos", producerID: 7, producerEpoch: 0, generationID: 3, memberID: "", offsets: entry)
        #expect(stale == [tp("orders", 0): .illegalGeneration])
    }

    @Test func aFencedProducerEpochIsAnswered() async throws {
        let h = try await Harness()
        await h.log.failAppends(with: .invalidProducerEpoch)
        let errors = await h.coordinator.commitTransactionalOffsets(
            groupID: "eos", producerID: 7, producerEpoch: 0, offsets: entry)
        #expect(errors == [tp("orders", 0): .invalidProducerEpoch])
    }
}
