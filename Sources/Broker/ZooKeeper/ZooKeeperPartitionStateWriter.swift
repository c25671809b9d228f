import Replication
import ClusterMetadata
import KafkaModel
import Logging
import ZooKeeperClient

/// `PartitionStateWriter` over ZooKeeper: a conditional `setData` of the partition's state znode (no controller
/// fence — the leader is not the controller; the znode version is the guard), then one
/// `/isr_change_notification/isr_change_<seq>` per call. Kafka batches notifications for up to 5 s; writing
/// each at once keeps the cluster's metadata current sooner at the cost of a few more znodes, which the
/// controller deletes as it processes them.
struct ZooKeeperPartitionStateWriter: PartitionStateWriter {
    let session: ZooKeeperSession
    let logger: Logger

    func writeISR(_ partition: TopicPartition, leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID],
                  controllerEpoch: ControllerEpoch, expectedZkVersion: Int32) async throws -> ISRWriteOutcome
    {
        let state = PartitionStateZNode(leader: leader, leaderEpoch: leaderEpoch, controllerEpoch: controllerEpoch,
                                        isr: isr)
        do {
            let stat = try await session.client().setData(PartitionStateZNode.path(partition), data: state.encoded(),
                                                          expectedVersion: expectedZkVersion)
            return .written(newZkVersion: stat.version)
        } catch let error as ZooKeeperError where error.code == .badVersion {
            return .versionConflict
        }
    }

    func notifyISRChanged(_ partitions: [TopicPartition]) async {
        guard !partitions.isEmpty else { return }
        do {
            try await ClusterMetadataStore(session.client()).notifyIsrChange(partitions)
        } catch {
            // The controller still learns the new ISR at its next read of the state znodes (e.g. failover).
            logger.warning("cannot write ISR change notification",
                           metadata: ["partitions": "\(partitions)", "error": "\(error)"])
        }
    }
}
