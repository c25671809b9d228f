import KafkaModel
import LogStorage
import Testing

@Suite struct LeaderEpochCacheTests {
    let directory = TemporaryDirectory()

    func openLog() throws -> PartitionLog {
        try PartitionLog.open(directory: directory.path + "/orders-0", topicPartition: testPartition)
    }

    @Test func checkpointRoundTripsInKafkaFormat() throws {
        do {
            let log = try openLog()
            try log.append(TestBatch.make(count: 200), leaderEpoch: LeaderEpoch(0))  // assigns epoch 0 at 0
            try log.leaderEpochCache.assign(epoch: LeaderEpoch(3), startOffset: Offset(120))
            try log.leaderEpochCache.assign(epoch: LeaderEpoch(3), startOffset: Offset(130))  // same epoch: kept as is
            try log.close()
        }
        #expect(Files.read(directory.path + "/orders-0/leader-epoch-checkpoint") == "0\n2\n0 0\n3 120\n")
        let log = try openLog()
        #expect(log.leaderEpochCache.all == [
            LeaderEpochCache.Entry(epoch: LeaderEpoch(0), startOffset: Offset(0)),
            LeaderEpochCache.Entry(epoch: LeaderEpoch(3), startOffset: Offset(120)),
        ])
    }

    @Test func epochsPastTheRecoveredEndAreForgotten() throws {
        do {
            let log = try openLog()
            try log.append(TestBatch.make(count: 10), leaderEpoch: LeaderEpoch(1))
            try log.leaderEpochCache.assign(epoch: LeaderEpoch(2), startOffset: Offset(15))  // beyond the end
        }
        #expect(try openLog().leaderEpochCache.all == [LeaderEpochCache.Entry(epoch: LeaderEpoch(1), startOffset: Offset(0))])
    }

    @Test func endOffsetForEpochFollowsKafka() throws {
        let cache = try openLog().leaderEpochCache
        try cache.assign(epoch: LeaderEpoch(2), startOffset: Offset(10))
        try cache.assign(epoch: LeaderEpoch(4), startOffset: Offset(50))
        try cache.assign(epoch: LeaderEpoch(7), startOffset: Offset(90))
        let end = Offset(120)
        #expect(cache.endOffset(for: LeaderEpoch(7), logEndOffset: end) == (LeaderEpoch(7), Offset(120)))
        #expect(cache.endOffset(for: LeaderEpoch(4), logEndOffset: end) == (LeaderEpoch(4), Offset(90)))
        #expect(cache.endOffset(for: LeaderEpoch(5), logEndOffset: end) == (LeaderEpoch(4), Offset(90)))
        #expect(cache.endOffset(for: LeaderEpoch(1), logEndOffset: end) == (LeaderEpoch(1), Offset(10)))
        #expect(cache.endOffset(for: LeaderEpoch(8), logEndOffset: end) == (LeaderEpoch.unknown, Offset(-1)))
        #expect(cache.endOffset(for: .unknown, logEndOffset: end) == (LeaderEpoch.unknown, Offset(-1)))
    }

    @Test func truncationHooksAndMonotonicity() throws {
        let cache = try openLog().leaderEpochCache
        try cache.assign(epoch: LeaderEpoch(1), startOffset: Offset(0))
        try cache.assign(epoch: LeaderEpoch(2), startOffset: Offset(40))
        try cache.assign(epoch: LeaderEpoch(3), startOffset: Offset(80))
        try cache.truncateFromStart(Offset(50))
        #expect(cache.all.map(\.startOffset) == [Offset(50), Offset(80)])
        #expect(cache.all.map(\.epoch) == [LeaderEpoch(2), LeaderEpoch(3)])
        try cache.truncateFromEnd(Offset(80))
        #expect(cache.all.map(\.epoch) == [LeaderEpoch(2)])
        // A new epoch at an earlier offset replaces entries that would break ordering.
        try cache.assign(epoch: LeaderEpoch(5), startOffset: Offset(70))
        try cache.assign(epoch: LeaderEpoch(6), startOffset: Offset(60))
        #expect(cache.all == [
            LeaderEpochCache.Entry(epoch: LeaderEpoch(2), startOffset: Offset(50)),
            LeaderEpochCache.Entry(epoch: LeaderEpoch(6), startOffset: Offset(60)),
        ])
    }

    /// A crash after a leadership change but before the next flush can leave the epoch checkpoint without its
    /// newest entries (it is replaced on every change but fsynced only with the log): the batches past the
    /// recovery point carry their epochs, and recovery puts them back.
    @Test func epochsTheCheckpointLostComeBackFromTheBatchesOnRecovery() throws {
        let checkpointPath = directory.path + "/orders-0/leader-epoch-checkpoint"
        do {
            let log = try openLog()
            try log.append(TestBatch.make(count: 10), leaderEpoch: LeaderEpoch(1))
            try log.flush()  // recovery point 10, epoch 1 durable
            try log.leaderEpochCache.assign(epoch: LeaderEpoch(4), startOffset: Offset(10))
            try log.append(TestBatch.make(count: 5), leaderEpoch: LeaderEpoch(4))
            // Simulate the crash: the replaced-but-unsynced checkpoint reverts to its flushed contents.
            Files.write(checkpointPath, "0\n1\n1 0\n")
        }
        #expect(try openLog().leaderEpochCache.all == [
            LeaderEpochCache.Entry(epoch: LeaderEpoch(1), startOffset: Offset(0)),
            LeaderEpochCache.Entry(epoch: LeaderEpoch(4), startOffset: Offset(10)),
        ])
    }

    /// A torn checkpoint does not keep the partition from loading: every batch is read to rebuild it.
    @Test func aTornCheckpointIsRebuiltFromTheWholeLog() throws {
        let checkpointPath = directory.path + "/orders-0/leader-epoch-checkpoint"
        do {
            let log = try openLog()
            try log.append(TestBatch.make(count: 10), leaderEpoch: LeaderEpoch(2))
            try log.append(TestBatch.make(count: 10), leaderEpoch: LeaderEpoch(5))
            try log.close()  // clean: recovery point at the end, nothing would be rescanned
        }
        Files.write(checkpointPath, "")
        let log = try openLog()
        #expect(log.leaderEpochCache.all == [
            LeaderEpochCache.Entry(epoch: LeaderEpoch(2), startOffset: Offset(0)),
            LeaderEpochCache.Entry(epoch: LeaderEpoch(5), startOffset: Offset(10)),
        ])
        #expect(log.logEndOffset == Offset(20))
        #expect(Files.read(checkpointPath) == "0\n2\n2 0\n5 10\n", "rewritten")
    }

    /// Changes reach the file at once (readers and tools see them); `flush` is what makes them durable.
    @Test func changesAreVisibleInTheFileBeforeAFlush() throws {
        let log = try openLog()
        try log.leaderEpochCache.assign(epoch: LeaderEpoch(7), startOffset: Offset(0))
        #expect(Files.read(directory.path + "/orders-0/leader-epoch-checkpoint") == "0\n1\n7 0\n")
        try log.leaderEpochCache.flush()
        #expect(Files.read(directory.path + "/orders-0/leader-epoch-checkpoint") == "0\n1\n7 0\n")
    }
}
