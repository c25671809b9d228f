import KafkaModel

/// Kafka's leader-election rules (`Election.scala`), as pure functions over a partition's assignment, ISR and
/// the live brokers. Assignment order is preference order: element 0 is the preferred leader.
public enum LeaderElection {
    /// The outcome of one election: the new leader and ISR, or nil when no replica may lead.
    public struct Result: Equatable, Sendable {
        public var leader: BrokerID
        public var isr: [BrokerID]
        /// True when the leader came from outside the ISR (data may be lost).
        public var unclean: Bool

        public init(leader: BrokerID, isr: [BrokerID], unclean: Bool) {
            self.leader = leader
            self.isr = isr
            self.unclean = unclean
        }
    }

    /// A new partition: the first live replica leads; every live replica is in sync.
    public static func newPartition(assignment: [BrokerID], live: Set<BrokerID>) -> Result? {
        let liveReplicas = assignment.filter(live.contains)
        guard let leader = liveReplicas.first else { return nil }
        return Result(leader: leader, isr: liveReplicas, unclean: false)
    }

    /// The leader died (or there is none): the first replica in assignment order that is live and in the
    /// ISR; failing that, only when `uncleanAllowed`, the first live replica with an ISR of itself.
    public static func offline(assignment: [BrokerID], isr: [BrokerID], live: Set<BrokerID>,
                               uncleanAllowed: Bool) -> Result? {
        let liveISR = isr.filter(live.contains)
        if let leader = assignment.first(where: { live.contains($0) && liveISR.contains($0) }) {
            return Result(leader: leader, isr: liveISR, unclean: false)
        }
        guard uncleanAllowed, let leader = assignment.first(where: live.contains) else { return nil }
        return Result(leader: leader, isr: [leader], unclean: true)
    }

    /// Reassignment: the first replica of the target set that is live and in the ISR; ISR unchanged.
    public static func reassignment(target: [BrokerID], isr: [BrokerID], live: Set<BrokerID>) -> Result? {
        guard let leader = target.first(where: { live.contains($0) && isr.contains($0) }) else { return nil }
        return Result(leader: leader, isr: isr, unclean: false)
    }

    /// Preferred: only assignment[0], and only when live and in the ISR; ISR unchanged.
    public static func preferred(assignment: [BrokerID], isr: [BrokerID], live: Set<BrokerID>) -> Result? {
        guard let preferred = assignment.first, live.contains(preferred), isr.contains(preferred) else { return nil }
        return Result(leader: preferred, isr: isr, unclean: false)
    }

    /// Controlled shutdown: the first replica that is live, in the ISR and not shutting down; the ISR loses
    /// the brokers that are shutting down.
    public static func controlledShutdown(assignment: [BrokerID], isr: [BrokerID], live: Set<BrokerID>,
                                          shuttingDown: Set<BrokerID>) -> Result? {
        let remaining = isr.filter { !shuttingDown.contains($0) }
        guard let leader = assignment.first(where: {
            live.contains($0) && remaining.contains($0) && !shuttingDown.contains($0)
        }) else { return nil }
        return Result(leader: leader, isr: remaining, unclean: false)
    }
}
