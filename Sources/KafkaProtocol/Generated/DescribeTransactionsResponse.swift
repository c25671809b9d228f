// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeTransactions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeTransactions response body (API key 65),
/// versions 0–0, flexible from version 0.
public struct DescribeTransactionsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeTransactions
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `TransactionStates`: []TransactionState, versions 0+.
    public var transactionStates: [TransactionState]

    public init(
        throttleTimeMs: Int32 = 0,
        transactionStates: [TransactionState] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.transactionStates = transactionStates
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.transactionStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TransactionState in try TransactionState(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.transactionStates, compact: flexible) { (element: TransactionState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `TransactionState` structure of `DescribeTransactionsResponse`.
    public struct TransactionState: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `TransactionalId`: string, versions 0+.
        public var transactionalID: String
        /// `TransactionState`: string, versions 0+.
        public var transactionState: String
        /// `TransactionTimeoutMs`: int32, versions 0+.
        public var transactionTimeoutMs: Int32
        /// `TransactionStartTimeMs`: int64, versions 0+.
        public var transactionStartTimeMs: Int64
        /// `ProducerId`: int64, versions 0+.
        public var producerID: Int64
        /// `ProducerEpoch`: int16, versions 0+.
        public var producerEpoch: Int16
        /// `Topics`: []TopicData, versions 0+.
        public var topics: [TopicData]

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            transactionalID: String = "",
            transactionState: String = "",
            transactionTimeoutMs: Int32 = 0,
            transactionStartTimeMs: Int64 = 0,
            producerID: Int64 = 0,
            producerEpoch: Int16 = 0,
            topics: [TopicData] = []
        ) {
            self.errorCode = errorCode
            self.transactionalID = transactionalID
            self.transactionState = transactionState
            self.transactionTimeoutMs = transactionTimeoutMs
            self.transactionStartTimeMs = transactionStartTimeMs
            self.producerID = producerID
            self.producerEpoch = producerEpoch
            self.topics = topics
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.transactionalID = try buffer.readKafkaString(compact: flexible)
            self.transactionState = try buffer.readKafkaString(compact: flexible)
            self.transactionTimeoutMs = try buffer.readKafkaInteger(as: Int32.self)
            self.transactionStartTimeMs = try buffer.readKafkaInteger(as: Int64.self)
            self.producerID = try buffer.readKafkaInteger(as: Int64.self)
            self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TopicData in try TopicData(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaString(self.transactionalID, compact: flexible)
            buffer.writeKafkaString(self.transactionState, compact: flexible)
            buffer.writeKafkaInteger(self.transactionTimeoutMs)
            buffer.writeKafkaInteger(self.transactionStartTimeMs)
            buffer.writeKafkaInteger(self.producerID)
            buffer.writeKafkaInteger(self.producerEpoch)
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: TopicData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `TopicData` structure of `DescribeTransactionsResponse`.
    public struct TopicData: Hashable, Sendable {
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
            let flexible = version >= 0
            self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
