import KafkaModel

/// `/config/<entity type>/<name>` — persistent; config overrides of a topic, broker, user, client or ip.
///
/// `{"version":1,"config":{"min.insync.replicas":"2","retention.ms":"86400000"}}` — values are strings.
/// Cluster-wide broker defaults live at `/config/brokers/<default>`.
public struct EntityConfigZNode: Hashable, Sendable {
    /// Kafka's entity types: the folder under `/config`.
    public enum EntityType: String, Sendable, CaseIterable {
        case topics, brokers, users, clients, ips
    }

    public static func path(_ type: EntityType, _ name: String) -> String { "/config/\(type.rawValue)/\(name)" }

    public static func topicPath(_ topic: TopicName) -> String { path(.topics, topic.rawValue) }

    public var config: [String: String]

    public init(config: [String: String]) { self.config = config }

    public func encoded() -> [UInt8] { ZNodeJSON.encode(["version": 1, "config": config]) }

    /// - Parameter path: the znode read, for error messages.
    /// - Throws: `ZNodeDecodingError` naming it.
    public static func decode(_ bytes: [UInt8], path: String) throws(ZNodeDecodingError) -> EntityConfigZNode {
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 1...1)
        return EntityConfigZNode(config: try json.stringMap("config"))
    }
}

/// `/config/changes/config_change_<10-digit sequence>` — persistent-sequential; tells every broker to re-read
/// one entity's config. `{"version":2,"entity_path":"topics/orders"}` (the notification is only a trigger).
public struct ConfigChangeNotificationZNode: Hashable, Sendable {
    public static let changesPath = "/config/changes"
    /// The prefix to create sequential notifications with.
    public static let sequentialPrefix = "/config/changes/config_change_"

    /// `<entity type>/<name>`, e.g. `topics/orders`.
    public var entityPath: String

    public init(entityPath: String) { self.entityPath = entityPath }

    public init(_ type: EntityConfigZNode.EntityType, _ name: String) { entityPath = "\(type.rawValue)/\(name)" }

    public func encoded() -> [UInt8] { ZNodeJSON.encode(["version": 2, "entity_path": entityPath]) }

    /// - Throws: `ZNodeDecodingError` naming the notification.
    public static func decode(_ bytes: [UInt8], path: String) throws(ZNodeDecodingError)
        -> ConfigChangeNotificationZNode
    {
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 2...2)
        return ConfigChangeNotificationZNode(entityPath: try json.string("entity_path"))
    }
}
