// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeLogDirs.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeLogDirs response body (API key 35),
/// versions 0–2, flexible from version 2.
public struct DescribeLogDirsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeLogDirs
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Results`: []DescribeLogDirsResult, versions 0+.
    public var results: [DescribeLogDirsResult]

    public init(
        throttleTimeMs: Int32 = 0,
        results: [DescribeLogDirsResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.results = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeLogDirsResult in try DescribeLogDirsResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.results, compact: flexible) { (element: DescribeLogDirsResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DescribeLogDirsResult` structure of `DescribeLogDirsResponse`.
    public struct DescribeLogDirsResult: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `LogDir`: string, versions 0+.
        public var logDir: String
        /// `Topics`: []DescribeLogDirsTopic, versions 0+.
        public var topics: [DescribeLogDirsTopic]

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            logDir: String = "",
            topics: [DescribeLogDirsTopic] = []
        ) {
            self.errorCode = errorCode
            self.logDir = logDir
            self.topics = topics
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.logDir = try buffer.readKafkaString(compact: flexible)
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeLogDirsTopic in try DescribeLogDirsTopic(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaString(self.logDir, compact: flexible)
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: DescribeLogDirsTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DescribeLogDirsTopic` structure of `DescribeLogDirsResponse`.
    public struct DescribeLogDirsTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []DescribeLogDirsPartition, versions 0+.
        public var partitions: [DescribeLogDirsPartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [DescribeLogDirsPartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeLogDirsPartition in try DescribeLogDirsPartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: DescribeLogDirsPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DescribeLogDirsPartition` structure of `DescribeLogDirsResponse`.
    public struct DescribeLogDirsPartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `PartitionSize`: int64, versions 0+.
        public var partitionSize: Int64
        /// `OffsetLag`: int64, versions 0+.
        public var offsetLag: Int64
        /// `IsFutureKey`: bool, versions 0+.
        public var isFutureKey: Bool

        public init(
            partitionIndex: Int32 = 0,
            partitionSize: Int64 = 0,
            offsetLag: Int64 = 0,
            isFutureKey: Bool = false
        ) {
            self.partitionIndex = partitionIndex
            self.partitionSize = partitionSize
            self.offsetLag = offsetLag
            self.isFutureKey = isFutureKey
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.partitionSize = try buffer.readKafkaInteger(as: Int64.self)
            self.offsetLag = try buffer.readKafkaInteger(as: Int64.self)
            self.isFutureKey = try buffer.readKafkaBool()
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.partitionSize)
            buffer.writeKafkaInteger(self.offsetLag)
            buffer.writeKafkaBool(self.isFutureKey)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
