// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListGroups.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListGroups request body (API key 16),
/// versions 0–4, flexible from version 3.
public struct ListGroupsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .listGroups
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = ListGroupsResponse

    /// `StatesFilter`: []string, versions 4+.
    public var statesFilter: [String]

    public init(
        statesFilter: [String] = []
    ) {
        self.statesFilter = statesFilter
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        if version >= 4 {
            self.statesFilter = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 4 {
            buffer.writeKafkaArray(self.statesFilter, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
