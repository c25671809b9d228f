// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DeleteTopics.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DeleteTopics request body (API key 20),
/// versions 0–6, flexible from version 4.
public struct DeleteTopicsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .deleteTopics
    public static let versions: ClosedRange<Int16> = 0...6
    public static let firstFlexibleVersion: Int16? = 4
    public typealias Response = DeleteTopicsResponse

    /// `Topics`: []DeleteTopicState, versions 6+.
    public var topics: [DeleteTopicState]
    /// `TopicNames`: []string, versions 0-5.
    public var topicNames: [KafkaModel.TopicName]
    /// `TimeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32

    public init(
        topics: [DeleteTopicState] = [],
        topicNames: [KafkaModel.TopicName] = [],
        timeoutMs: Int32 = 0
    ) {
        self.topics = topics
        self.topicNames = topicNames
        self.timeoutMs = timeoutMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        if version >= 6 {
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeleteTopicState in try DeleteTopicState(from: &element, version: version) }
        }
        if version <= 5 {
            self.topicNames = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.TopicName in try KafkaModel.TopicName(rawValue: element.readKafkaString(compact: flexible)) }
        }
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 6 {
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: DeleteTopicState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version <= 5 {
            buffer.writeKafkaArray(self.topicNames, compact: flexible) { (element: KafkaModel.TopicName, output: inout ByteBuffer) in output.writeKafkaString(element.rawValue, compact: flexible) }
        }
        buffer.writeKafkaInteger(self.timeoutMs)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DeleteTopicState` structure of `DeleteTopicsRequest`.
    public struct DeleteTopicState: Hashable, Sendable {
        /// `Name`: string, versions 6+, nullable 6+.
        public var name: KafkaModel.TopicName?
        /// `TopicId`: uuid, versions 6+.
        public var topicID: KafkaUUID

        public init(
            name: KafkaModel.TopicName? = nil,
            topicID: KafkaUUID = KafkaUUID.zero
        ) {
            self.name = name
            self.topicID = topicID
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            if version >= 6 {
                self.name = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 6).map { KafkaModel.TopicName(rawValue: $0) }
            }
            if version >= 6 {
                self.topicID = try buffer.readKafkaUUID()
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version >= 6 {
                buffer.writeKafkaNullableString(self.name?.rawValue, compact: flexible)
            }
            if version >= 6 {
                buffer.writeKafkaUUID(self.topicID)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
