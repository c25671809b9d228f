import ArgumentParser
import ClusterMetadata
import Foundation
import KafkaModel
import ZooKeeperClient

/// `tributary cluster describe|watch --zookeeper CONNECT`: what ZooKeeper says about the cluster.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Describe or watch the cluster's brokers, controller and partitions, as ZooKeeper holds them.",
        subcommands: [Describe.self, Watch.self])

    struct ZooKeeperOptions: ParsableArguments {
        @Option(help: "ZooKeeper connect string, host:port[,host:port...][/chroot].")
        var zookeeper: String

        @Option(help: "How long to wait for the ZooKeeper connection, in milliseconds.")
        var connectionTimeoutMs = 10_000

        func connect() async throws -> ZooKeeperClient {
            do {
                return try await ZooKeeperClient.connect(.init(
                    connectString: zookeeper, sessionTimeout: .seconds(10),
                    connectionTimeout: .milliseconds(connectionTimeoutMs)))
            } catch {
                throw CommandFailure("cannot connect to ZooKeeper at \(zookeeper): \(error)")
            }
        }
    }

    /// The cluster as one snapshot.
    struct Snapshot {
        var clusterID: String?
        var controller: BrokerID?
        var epoch: ControllerEpoch?
        var brokers: [RegisteredBroker]

        static func read(_ store: ClusterMetadataStore) async throws -> Snapshot {
            Snapshot(clusterID: try await store.clusterID(), controller: try await store.controller()?.brokerID,
                     epoch: try await store.controllerEpoch()?.epoch, brokers: try await store.liveBrokers())
        }

        var json: [String: Any] {
            var controllerJSON: Any = NSNull()
            if let controller {
                controllerJSON = ["id": Int(controller.rawValue), "epoch": Int(epoch?.rawValue ?? 0)]
            }
            return [
                "cluster_id": clusterID.map { $0 as Any } ?? NSNull(),
                "controller": controllerJSON,
                "brokers": brokers.map { broker in
                    ["id": Int(broker.id.rawValue), "endpoints": broker.registration.endpoints.map(\.description),
                     "rack": broker.registration.rack.map { $0 as Any } ?? NSNull()] as [String: Any]
                },
            ]
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the cluster id, the brokers with their endpoints, the controller and its epoch.")

        @OptionGroup var options: ZooKeeperOptions
        @Option(help: "text or json.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let client = try await options.connect()
                defer { Task { await client.close() } }
                let snapshot = try await Snapshot.read(ClusterMetadataStore(client))
                await client.close()
                if output == .json {
                    try printJSON(snapshot.json)
                    return
                }
                print("Cluster id: \(snapshot.clusterID ?? "(none yet)")")
                if let controller = snapshot.controller {
                    print("Controller: broker \(controller) (epoch \(snapshot.epoch.map { "\($0)" } ?? "?"))")
                } else {
                    print("Controller: none")
                }
                print("Brokers (\(snapshot.brokers.count)):")
                for broker in snapshot.brokers {
                    let endpoints = broker.registration.endpoints.map(\.description).joined(separator: ",")
                    print("  \(broker.id)\t\(endpoints)" + (broker.registration.rack.map { "\track \($0)" } ?? ""))
                }
            }
        }
    }
}
