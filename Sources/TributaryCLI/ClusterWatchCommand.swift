import ArgumentParser
import ClusterMetadata
import Foundation
import KafkaModel

extension ClusterCommand {
    /// `tributary cluster watch`: the operator's live view of the cluster, from ZooKeeper's watches.
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch brokers, the controller, offline and under-replicated partitions and reassignments.",
            discussion: """
                On a terminal the view is redrawn in place at each change. Otherwise each change is one \
                timestamped line (`broker 3 joined`, `broker 3 left`, `controller is now 2 (epoch 5)`, \
                `partitions: 0 offline, 4 under-replicated`, `reassignments: 2 in progress`), or with \
                --output json one JSON object per change. Runs until interrupted or the ZooKeeper session ends.
                """)

        @OptionGroup var options: ZooKeeperOptions
        @Option(help: "text or json.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let client = try await options.connect()
                // Interrupted (or terminated), it closes its ZooKeeper session and exits 0, whatever signal
                // disposition it inherited: a parent that ignores SIGINT must still be able to stop it.
                let signals = SignalWaiter([SIGINT, SIGTERM])
                Task {
                    _ = await signals.next()
                    await client.close()
                    Foundation.exit(0)
                }
                var view = LiveView()
                let redraw = output == .text && isatty(STDOUT_FILENO) != 0
                for await event in ClusterWatch.events(client) {
                    let now = Self.timestamp()
                    view.apply(event, at: now)
                    if redraw {
                        emit("\u{1B}[H\u{1B}[2J" + view.screen(zookeeper: options.zookeeper))
                    } else if output == .json {
                        let data = try JSONSerialization.data(withJSONObject: Self.json(event, at: now),
                                                              options: [.sortedKeys])
                        emit(String(decoding: data, as: UTF8.self) + "\n")
                    } else {
                        emit("\(now) \(Self.text(event))\n")
                    }
                }
                await client.close()
                throw CommandFailure("the ZooKeeper session ended")
            }
        }

        /// Written straight to the file descriptor: a pipe reader sees each change as it happens.
        private func emit(_ text: String) {
            FileHandle.standardOutput.write(Data(text.utf8))
        }

        static func timestamp() -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: Date())
        }

        static func text(_ event: ClusterEvent) -> String {
            switch event {
            case .brokerJoined(let broker):
                "broker \(broker.id) joined (\(broker.registration.endpoints.map(\.description).joined(separator: ",")))"
            case .brokerLeft(let id): "broker \(id) left"
            case .brokerRestarted(let broker): "broker \(broker.id) restarted (broker epoch \(broker.epoch))"
            case let .controllerChanged(id?, epoch):
                "controller is now \(id)" + (epoch.map { " (epoch \($0))" } ?? "")
            case .controllerChanged(nil, _): "controller is none"
            case let .partitionsChanged(offline, underReplicated):
                "partitions: \(offline.count) offline\(list(offline)), \(underReplicated.count) under-replicated"
                    + list(underReplicated)
            case .reassignmentsChanged(let moving):
                "reassignments: \(moving.count) in progress"
                    + list(moving.keys.sorted().map { "\($0)->\(moving[$0].map(ids) ?? "")" })
            }
        }

        static func json(_ event: ClusterEvent, at time: String) -> [String: Any] {
            var object: [String: Any] = ["time": time]
            switch event {
            case .brokerJoined(let broker), .brokerRestarted(let broker):
                if case .brokerJoined = event { object["event"] = "broker_joined" } else { object["event"] = "broker_restarted" }
                object["broker"] = Int(broker.id.rawValue)
                object["broker_epoch"] = Int(broker.epoch)
                object["endpoints"] = broker.registration.endpoints.map(\.description)
            case .brokerLeft(let id):
                object["event"] = "broker_left"
                object["broker"] = Int(id.rawValue)
            case let .controllerChanged(id, epoch):
                object["event"] = "controller_changed"
                object["controller"] = id.map { Int($0.rawValue) as Any } ?? NSNull()
                object["epoch"] = epoch.map { Int($0.rawValue) as Any } ?? NSNull()
            case let .partitionsChanged(offline, underReplicated):
                object["event"] = "partitions_changed"
                object["offline"] = offline.map(\.description)
                object["under_replicated"] = underReplicated.map(\.description)
            case .reassignmentsChanged(let moving):
                object["event"] = "reassignments_changed"
                object["reassignments"] = moving.keys.sorted().map { partition in
                    ["partition": partition.description,
                     "target_replicas": (moving[partition] ?? []).map { Int($0.rawValue) }] as [String: Any]
                }
            }
            return object
        }

        private static func list(_ items: [some CustomStringConvertible]) -> String {
            guard !items.isEmpty else { return "" }
            let shown = items.prefix(10).map(\.description).joined(separator: " ")
            return " [\(shown)\(items.count > 10 ? " …" : "")]"
        }

        private static func ids(_ brokers: [BrokerID]) -> String { brokers.map(\.description).joined(separator: ",") }
    }

    /// The whole picture the terminal view redraws: the latest of each kind of event, and the last changes.
    struct LiveView {
        var brokers: [BrokerID: RegisteredBroker] = [:]
        var controller: BrokerID?
        var epoch: ControllerEpoch?
        var offline: [TopicPartition] = []
        var underReplicated: [TopicPartition] = []
        var reassignments: [TopicPartition: [BrokerID]] = [:]
        var recent: [String] = []

        mutating func apply(_ event: ClusterEvent, at time: String) {
            switch event {
            case .brokerJoined(let broker), .brokerRestarted(let broker): brokers[broker.id] = broker
            case .brokerLeft(let id): brokers[id] = nil
            case let .controllerChanged(id, epoch): (controller, self.epoch) = (id, epoch)
            case let .partitionsChanged(offline, underReplicated):
                (self.offline, self.underReplicated) = (offline, underReplicated)
            case .reassignmentsChanged(let moving): reassignments = moving
            }
            recent.append("\(time) \(Watch.text(event))")
            if recent.count > 10 { recent.removeFirst(recent.count - 10) }
        }

        func screen(zookeeper: String) -> String {
            var lines = ["Tributary cluster at \(zookeeper) — \(Watch.timestamp())", ""]
            lines.append("Controller: " + (controller.map { "broker \($0)" + (epoch.map { " (epoch \($0))" } ?? "") } ?? "none"))
            lines.append("Brokers (\(brokers.count)):")
            for broker in brokers.values.sorted(by: { $0.id < $1.id }) {
                lines.append("  \(broker.id)\t\(broker.registration.endpoints.map(\.description).joined(separator: ","))")
            }
            lines.append("Offline partitions (\(offline.count)): \(offline.prefix(20).map(\.description).joined(separator: " "))")
            lines.append("Under-replicated partitions (\(underReplicated.count)): "
                         + underReplicated.prefix(20).map(\.description).joined(separator: " "))
            lines.append("Reassignments in progress (\(reassignments.count)):")
            for partition in reassignments.keys.sorted().prefix(20) {
                lines.append("  \(partition) -> \((reassignments[partition] ?? []).map(\.description).joined(separator: ","))")
            }
            lines += ["", "Recent changes:"] + recent.map { "  " + $0 }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
