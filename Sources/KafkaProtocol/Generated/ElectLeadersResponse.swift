// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ElectLeaders.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ElectLeaders response body (API key 43),
/// versions 0–2, flexible from version 2.
public struct ElectLeadersResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .electLeaders
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 1+.
    public var errorCode: KafkaErrorCode
    /// `ReplicaElectionResults`: []ReplicaElectionResult, versions 0+.
    public var replicaElectionResults: [ReplicaElectionResult]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        replicaElectionResults: [ReplicaElectionResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.replicaElectionResults = replicaElectionResults
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 1 {
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        }
        self.replicaElectionResults = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ReplicaElectionResult in try ReplicaElectionResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        if version >= 1 {
            buffer.writeKafkaInteger(self.errorCode.rawValue)
        }
        buffer.writeKafkaArray(self.replicaElectionResults, compact: flexible) { (element: ReplicaElectionResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ReplicaElectionResult` structure of `ElectLeadersResponse`.
    public struct ReplicaElectionResult: Hashable, Sendable {
        /// `Topic`: string, versions 0+.
        public var topic: KafkaModel.TopicName
        /// `PartitionResult`: []PartitionResult, versions 0+.
        public var partitionResult: [PartitionResult]

        public init(
            topic: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionResult: [PartitionResult] = []
        ) {
            self.topic = topic
            self.partitionResult = partitionResult
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitionResult = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> PartitionResult in try PartitionResult(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitionResult, compact: flexible) { (element: PartitionResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `PartitionResult` structure of `ElectLeadersResponse`.
    public struct PartitionResult: Hashable, Sendable {
        /// `PartitionId`: int32, versions 0+.
        public var partitionID: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?

        public init(
            partitionID: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = ""
        ) {
            self.partitionID = partitionID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.partitionID = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.partitionID)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
