// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListTransactions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListTransactions response body (API key 66),
/// versions 0–0, flexible from version 0.
public struct ListTransactionsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .listTransactions
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `UnknownStateFilters`: []string, versions 0+.
    public var unknownStateFilters: [String]
    /// `TransactionStates`: []TransactionState, versions 0+.
    public var transactionStates: [TransactionState]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        unknownStateFilters: [String] = [],
        transactionStates: [TransactionState] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.unknownStateFilters = unknownStateFilters
        self.transactionStates = transactionStates
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.unknownStateFilters = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
        self.transactionStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TransactionState in try TransactionState(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaArray(self.unknownStateFilters, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
        buffer.writeKafkaArray(self.transactionStates, compact: flexible) { (element: TransactionState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `TransactionState` structure of `ListTransactionsResponse`.
    public struct TransactionState: Hashable, Sendable {
        /// `TransactionalId`: string, versions 0+.
        public var transactionalID: String
        /// `ProducerId`: int64, versions 0+.
        public var producerID: Int64
        /// `TransactionState`: string, versions 0+.
        public var transactionState: String

        public init(
            transactionalID: String = "",
            producerID: Int64 = 0,
            transactionState: String = ""
        ) {
            self.transactionalID = transactionalID
            self.producerID = producerID
            self.transactionState = transactionState
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.transactionalID = try buffer.readKafkaString(compact: flexible)
            self.producerID = try buffer.readKafkaInteger(as: Int64.self)
            self.transactionState = try buffer.readKafkaString(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.transactionalID, compact: flexible)
            buffer.writeKafkaInteger(self.producerID)
            buffer.writeKafkaString(self.transactionState, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
