// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/CreateTopics.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's CreateTopics response body (API key 19),
/// versions 0–7, flexible from version 5.
public struct CreateTopicsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .createTopics
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 5

    /// `ThrottleTimeMs`: int32, versions 2+.
    public var throttleTimeMs: Int32
    /// `Topics`: []CreatableTopicResult, versions 0+.
    public var topics: [CreatableTopicResult]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [CreatableTopicResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 5
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> CreatableTopicResult in try CreatableTopicResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        if version >= 2 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: CreatableTopicResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `CreatableTopicResult` structure of `CreateTopicsResponse`.
    public struct CreatableTopicResult: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `TopicId`: uuid, versions 7+.
        public var topicID: KafkaUUID
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 1+, nullable 0+.
        public var errorMessage: String?
        /// `TopicConfigErrorCode`: int16, versions 5+, tag 0 in versions 5+.
        public var topicConfigErrorCode: KafkaErrorCode
        /// `NumPartitions`: int32, versions 5+.
        public var numPartitions: Int32
        /// `ReplicationFactor`: int16, versions 5+.
        public var replicationFactor: Int16
        /// `Configs`: []CreatableTopicConfigs, versions 5+, nullable 5+.
        public var configs: [CreatableTopicConfigs]?

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            topicID: KafkaUUID = KafkaUUID.zero,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = "",
            topicConfigErrorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            numPartitions: Int32 = -1,
            replicationFactor: Int16 = -1,
            configs: [CreatableTopicConfigs]? = []
        ) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.topicConfigErrorCode = topicConfigErrorCode
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.configs = configs
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 5
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            if version >= 7 {
                self.topicID = try buffer.readKafkaUUID()
            }
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if version >= 1 {
                self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            }
            if version >= 5 {
                self.numPartitions = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 5 {
                self.replicationFactor = try buffer.readKafkaInteger(as: Int16.self)
            }
            if version >= 5 {
                self.configs = try buffer.readKafkaNullableArray(compact: flexible, allowNull: version >= 5) { (element: inout ByteBuffer) throws -> CreatableTopicConfigs in try CreatableTopicConfigs(from: &element, version: version) }
            }
            if flexible {
                for field in try buffer.readTaggedFields() {
                    var data = field.data
                    switch field.tag {
                    case 0 where version >= 5:
                        self.topicConfigErrorCode = try KafkaErrorCode(rawValue: data.readKafkaInteger(as: Int16.self))
                    default:
                        break
                    }
                }
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            if version >= 7 {
                buffer.writeKafkaUUID(self.topicID)
            }
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if version >= 1 {
                buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            }
            if version >= 5 {
                buffer.writeKafkaInteger(self.numPartitions)
            }
            if version >= 5 {
                buffer.writeKafkaInteger(self.replicationFactor)
            }
            if version >= 5 {
                buffer.writeKafkaNullableArray(self.configs, compact: flexible) { (element: CreatableTopicConfigs, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                var tagged: [TaggedField] = []
                if version >= 5 && self.topicConfigErrorCode != KafkaErrorCode(rawValue: 0) {
                    var data = ByteBuffer()
                    data.writeKafkaInteger(self.topicConfigErrorCode.rawValue)
                    tagged.append(TaggedField(tag: 0, data: data))
                }
                buffer.writeTaggedFields(tagged)
            }
        }
    }

    /// The `CreatableTopicConfigs` structure of `CreateTopicsResponse`.
    public struct CreatableTopicConfigs: Hashable, Sendable {
        /// `Name`: string, versions 5+.
        public var name: String
        /// `Value`: string, versions 5+, nullable 5+.
        public var value: String?
        /// `ReadOnly`: bool, versions 5+.
        public var readOnly: Bool
        /// `ConfigSource`: int8, versions 5+.
        public var configSource: Int8
        /// `IsSensitive`: bool, versions 5+.
        public var isSensitive: Bool

        public init(
            name: String = "",
            value: String? = "",
            readOnly: Bool = false,
            configSource: Int8 = -1,
            isSensitive: Bool = false
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.configSource = configSource
            self.isSensitive = isSensitive
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 5
            if version >= 5 {
                self.name = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 5 {
                self.value = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
            }
            if version >= 5 {
                self.readOnly = try buffer.readKafkaBool()
            }
            if version >= 5 {
                self.configSource = try buffer.readKafkaInteger(as: Int8.self)
            }
            if version >= 5 {
                self.isSensitive = try buffer.readKafkaBool()
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            if version >= 5 {
                buffer.writeKafkaString(self.name, compact: flexible)
            }
            if version >= 5 {
                buffer.writeKafkaNullableString(self.value, compact: flexible)
            }
            if version >= 5 {
                buffer.writeKafkaBool(self.readOnly)
            }
            if version >= 5 {
                buffer.writeKafkaInteger(self.configSource)
            }
            if version >= 5 {
                buffer.writeKafkaBool(self.isSensitive)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
