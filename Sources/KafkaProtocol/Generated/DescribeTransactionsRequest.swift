// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeTransactions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeTransactions request body (API key 65),
/// versions 0–0, flexible from version 0.
public struct DescribeTransactionsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .describeTransactions
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0
    public typealias Response = DescribeTransactionsResponse

    /// `TransactionalIds`: []string, versions 0+.
    public var transactionalIDs: [String]

    public init(
        transactionalIDs: [String] = []
    ) {
        self.transactionalIDs = transactionalIDs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.transactionalIDs = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaArray(self.transactionalIDs, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
