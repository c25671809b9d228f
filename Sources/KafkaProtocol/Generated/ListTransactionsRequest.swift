// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListTransactions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListTransactions request body (API key 66),
/// versions 0–0, flexible from version 0.
public struct ListTransactionsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .listTransactions
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0
    public typealias Response = ListTransactionsResponse

    /// `StateFilters`: []string, versions 0+.
    public var stateFilters: [String]
    /// `ProducerIdFilters`: []int64, versions 0+.
    public var producerIDFilters: [Int64]

    public init(
        stateFilters: [String] = [],
        producerIDFilters: [Int64] = []
    ) {
        self.stateFilters = stateFilters
        self.producerIDFilters = producerIDFilters
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.stateFilters = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
        self.producerIDFilters = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int64 in try element.readKafkaInteger(as: Int64.self) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaArray(self.stateFilters, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
        buffer.writeKafkaArray(self.producerIDFilters, compact: flexible) { (element: Int64, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
