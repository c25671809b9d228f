import KafkaModel
import Logging
import ZooKeeperClient

/// What a cluster watch reports.
public enum ClusterEvent: Sendable, Hashable {
    /// A broker registered (also reported for every broker present when the watch starts).
    case brokerJoined(RegisteredBroker)
    /// A broker's registration went away.
    case brokerLeft(BrokerID)
    /// A broker re-registered under the same id (a new session: larger epoch).
    case brokerRestarted(RegisteredBroker)
    /// The active controller changed (`nil`: none right now), with the epoch when known.
    case controllerChanged(BrokerID?, epoch: ControllerEpoch?)
}

/// A feed of broker joins and departures and controller changes, built on one-shot watches re-armed after
/// each read (for `tributary cluster watch` and tests). Works within one session; it ends when the session does.
public enum ClusterWatch {
    /// Starts watching. The stream first reports the current brokers and controller, then changes.
    /// Cancel the consuming task (or drop the stream) to stop.
    public static func events(_ zooKeeper: ZooKeeperClient) -> AsyncStream<ClusterEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterEvent.self)
        let (triggers, trigger) = AsyncStream.makeStream(of: Trigger.self)
        let task = Task {
            var state = WatchState()
            let store = ClusterMetadataStore(zooKeeper)
            trigger.yield(.brokers)
            trigger.yield(.controller)
            for await kind in triggers {
                if case .stop = kind { break }
                do {
                    for event in try await state.refresh(kind, store: store, trigger: trigger) {
                        continuation.yield(event)
                    }
                } catch {
                    // The session ended (or a read failed for good): the feed ends with it.
                    break
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            trigger.yield(.stop)
            task.cancel()
        }
        return stream
    }

    enum Trigger: Sendable {
        case brokers, controller, stop
    }

    /// What the watch has reported so far, to turn re-reads into differences.
    struct WatchState {
        var brokers: [BrokerID: Int64] = [:]
        var controller: BrokerID??

        mutating func refresh(
            _ kind: Trigger, store: ClusterMetadataStore, trigger: AsyncStream<Trigger>.Continuation
        ) async throws -> [ClusterEvent] {
            let rearm: ZooKeeperWatcher = { event in
                if case .sessionEnded = event.kind {
                    trigger.yield(.stop)
                } else {
                    trigger.yield(kind)
                }
            }
            switch kind {
            case .brokers:
                var events: [ClusterEvent] = []
                let ids = Set(try await store.brokerIDs(watcher: rearm))
                for gone in brokers.keys.filter({ !ids.contains($0) }).sorted() {
                    brokers[gone] = nil
                    events.append(.brokerLeft(gone))
                }
                for id in ids.sorted() {
                    guard let broker = try await store.broker(id) else { continue }
                    switch brokers[id] {
                    case nil: events.append(.brokerJoined(broker))
                    case let known? where known != broker.epoch: events.append(.brokerRestarted(broker))
                    default: break
                    }
                    brokers[id] = broker.epoch
                }
                return events
            case .controller:
                let holder = try await store.controller(watcher: rearm)?.brokerID
                if let controller, controller == holder { return [] }
                controller = .some(holder)
                let epoch = holder == nil ? nil : try await store.controllerEpoch()?.epoch
                return [.controllerChanged(holder, epoch: epoch)]
            case .stop:
                return []
            }
        }
    }
}

extension ClusterMetadataStore {
    /// The cluster at a glance, for the command line.
    public struct ClusterDescription: Sendable, Hashable {
        public var clusterID: String?
        public var brokers: [RegisteredBroker]
        public var controller: BrokerID?
        public var controllerEpoch: ControllerEpoch?
    }

    /// Cluster id, live brokers with endpoints, and the active controller with its epoch.
    public func describeCluster() async throws -> ClusterDescription {
        ClusterDescription(clusterID: try await clusterID(), brokers: try await liveBrokers(),
                           controller: try await controller()?.brokerID,
                           controllerEpoch: try await controllerEpoch()?.epoch)
    }
}
