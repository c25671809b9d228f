import KafkaModel

/// How a partition leader commits an ISR change in ZooKeeper mode (Kafka with IBP < 2.7-IV2, `ZkIsrManager`):
/// it rewrites the partition's state znode itself, conditional on the znode version it last saw, keeping its
/// leader epoch and the controller epoch of the LeaderAndIsr that made it leader; then it tells the controller,
/// through `/isr_change_notification`, which partitions changed so the controller can send UpdateMetadata.
///
/// Defined here, by the side that needs it; implemented over ZooKeeper by the broker's wiring.
public protocol PartitionStateWriter: Sendable {
    /// Writes `/brokers/topics/<t>/partitions/<p>/state` =
    /// `{"controller_epoch":…,"leader":…,"version":1,"leader_epoch":…,"isr":[…]}` if its version is still
    /// `expectedZkVersion`.
    /// - Returns: the znode's new version, or `.versionConflict` when someone (the controller) changed the
    ///   znode since: the leader then waits for the controller's LeaderAndIsr instead of retrying.
    /// - Throws: ZooKeeper failures (connection loss, session expiry); the change is retried later.
    func writeISR(_ partition: TopicPartition, leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID],
                  controllerEpoch: ControllerEpoch, expectedZkVersion: Int32) async throws -> ISRWriteOutcome

    /// Records that these partitions' ISRs changed (`/isr_change_notification/isr_change_<seq>`, which the
    /// implementation may batch as Kafka does).
    func notifyISRChanged(_ partitions: [TopicPartition]) async
}

/// The result of a conditional state-znode write.
public enum ISRWriteOutcome: Equatable, Sendable {
    case written(newZkVersion: Int32)
    /// The znode's version was not the expected one (ZooKeeper BADVERSION).
    case versionConflict
}
