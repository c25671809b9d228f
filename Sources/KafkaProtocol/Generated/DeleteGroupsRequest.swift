// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DeleteGroups.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DeleteGroups request body (API key 42),
/// versions 0–2, flexible from version 2.
public struct DeleteGroupsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .deleteGroups
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = DeleteGroupsResponse

    /// `GroupsNames`: []string, versions 0+.
    public var groupsNames: [String]

    public init(
        groupsNames: [String] = []
    ) {
        self.groupsNames = groupsNames
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.groupsNames = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(self.groupsNames, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
