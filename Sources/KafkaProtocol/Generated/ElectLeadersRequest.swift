// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ElectLeaders.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ElectLeaders request body (API key 43),
/// versions 0–2, flexible from version 2.
public struct ElectLeadersRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .electLeaders
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = ElectLeadersResponse

    /// `ElectionType`: int8, versions 1+.
    public var electionType: Int8
    /// `TopicPartitions`: []TopicPartitions, versions 0+, nullable 0+.
    public var topicPartitions: [TopicPartitions]?
    /// `TimeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32

    public init(
        electionType: Int8 = 0,
        topicPartitions: [TopicPartitions]? = [],
        timeoutMs: Int32 = 60000
    ) {
        self.electionType = electionType
        self.topicPartitions = topicPartitions
        self.timeoutMs = timeoutMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        if version >= 1 {
            self.electionType = try buffer.readKafkaInteger(as: Int8.self)
        }
        self.topicPartitions = try buffer.readKafkaNullableArray(compact: flexible, allowNull: true) { (element: inout ByteBuffer) throws -> TopicPartitions in try TopicPartitions(from: &element, version: version) }
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        if version >= 1 {
            buffer.writeKafkaInteger(self.electionType)
        }
        buffer.writeKafkaNullableArray(self.topicPartitions, compact: flexible) { (element: TopicPartitions, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaInteger(self.timeoutMs)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `TopicPartitions` structure of `ElectLeadersRequest`.
    public struct TopicPartitions: Hashable, Sendable {
        /// `Topic`: string, versions 0+.
        public var topic: KafkaModel.TopicName
        /// `Partitions`: []int32, versions 0+.
        public var partitions: [Int32]

        public init(
            topic: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [Int32] = []
        ) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
