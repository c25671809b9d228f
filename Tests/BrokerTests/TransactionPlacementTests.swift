@testable import Broker
import Testing

/// Where transactional ids live: Kafka's `abs(hashCode) % transaction.state.log.num.partitions`, so Kafka
/// clients and brokers find the same coordinator.
@Suite struct TransactionPlacementTests {
    @Test func placementUsesJavasStringHash() {
        // "hello".hashCode() == 99162322 in Java.
        #expect(TransactionServices.partition(of: "hello", partitionCount: 50) == 22)
        // "Aa" and "BB" collide in Java's hash (2112), so they share a partition.
        #expect(TransactionServices.partition(of: "Aa", partitionCount: 50) == 12)
        #expect(TransactionServices.partition(of: "BB", partitionCount: 50) == 12)
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE, whose Utils.abs is 0.
        #expect(TransactionServices.partition(of: "polygenelubricants", partitionCount: 7) == 0)
    }

    @Test func transactionKeysHaveKafkasDefaults() throws {
        let config = BrokerConfig()
        #expect(config.transactionStateLogNumPartitions == 50)
        #expect(config.transactionStateLogReplicationFactor == 3)
        #expect(config.transactionStateLogMinIsr == 2)
        #expect(config.transactionStateLogSegmentBytes == 104_857_600)
        #expect(config.transactionMaxTimeoutMs == 900_000)
        #expect(config.transactionalIdExpirationMs == 604_800_000)
        #expect(config.transactionAbortTimedOutTransactionCleanupIntervalMs == 10_000)
        #expect(config.transactionRemoveExpiredTransactionCleanupIntervalMs == 3_600_000)
    }
}
