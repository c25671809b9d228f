// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/Metadata.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's Metadata request body (API key 3),
/// versions 0–12, flexible from version 9.
public struct MetadataRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .metadata
    public static let versions: ClosedRange<Int16> = 0...12
    public static let firstFlexibleVersion: Int16? = 9
    public typealias Response = MetadataResponse

    /// `Topics`: []MetadataRequestTopic, versions 0+, nullable 1+.
    public var topics: [MetadataRequestTopic]?
    /// `AllowAutoTopicCreation`: bool, versions 4+.
    public var allowAutoTopicCreation: Bool
    /// `IncludeClusterAuthorizedOperations`: bool, versions 8-10.
    public var includeClusterAuthorizedOperations: Bool
    /// `IncludeTopicAuthorizedOperations`: bool, versions 8+.
    public var includeTopicAuthorizedOperations: Bool

    public init(
        topics: [MetadataRequestTopic]? = [],
        allowAutoTopicCreation: Bool = true,
        includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 9
        self.topics = try buffer.readKafkaNullableArray(compact: flexible, allowNull: version >= 1) { (element: inout ByteBuffer) throws -> MetadataRequestTopic in try MetadataRequestTopic(from: &element, version: version) }
        if version >= 4 {
            self.allowAutoTopicCreation = try buffer.readKafkaBool()
        }
        if version >= 8 && version <= 10 {
            self.includeClusterAuthorizedOperations = try buffer.readKafkaBool()
        }
        if version >= 8 {
            self.includeTopicAuthorizedOperations = try buffer.readKafkaBool()
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        buffer.writeKafkaNullableArray(self.topics, compact: flexible) { (element: MetadataRequestTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 4 {
            buffer.writeKafkaBool(self.allowAutoTopicCreation)
        }
        if version >= 8 && version <= 10 {
            buffer.writeKafkaBool(self.includeClusterAuthorizedOperations)
        }
        if version >= 8 {
            buffer.writeKafkaBool(self.includeTopicAuthorizedOperations)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `MetadataRequestTopic` structure of `MetadataRequest`.
    public struct MetadataRequestTopic: Hashable, Sendable {
        /// `TopicId`: uuid, versions 10+.
        public var topicID: KafkaUUID
        /// `Name`: string, versions 0+, nullable 10+.
        public var name: KafkaModel.TopicName?

        public init(
            topicID: KafkaUUID = KafkaUUID.zero,
            name: KafkaModel.TopicName? = KafkaModel.TopicName(rawValue: "")
        ) {
            self.topicID = topicID
            self.name = name
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            if version >= 10 {
                self.topicID = try buffer.readKafkaUUID()
            }
            self.name = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 10).map { KafkaModel.TopicName(rawValue: $0) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            if version >= 10 {
                buffer.writeKafkaUUID(self.topicID)
            }
            buffer.writeKafkaNullableString(self.name?.rawValue, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
