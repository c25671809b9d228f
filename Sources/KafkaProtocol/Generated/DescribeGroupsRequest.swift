// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeGroups.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeGroups request body (API key 15),
/// versions 0–5, flexible from version 5.
public struct DescribeGroupsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .describeGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 5
    public typealias Response = DescribeGroupsResponse

    /// `Groups`: []string, versions 0+.
    public var groups: [String]
    /// `IncludeAuthorizedOperations`: bool, versions 3+.
    public var includeAuthorizedOperations: Bool

    public init(
        groups: [String] = [],
        includeAuthorizedOperations: Bool = false
    ) {
        self.groups = groups
        self.includeAuthorizedOperations = includeAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 5
        self.groups = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
        if version >= 3 {
            self.includeAuthorizedOperations = try buffer.readKafkaBool()
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        buffer.writeKafkaArray(self.groups, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
        if version >= 3 {
            buffer.writeKafkaBool(self.includeAuthorizedOperations)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
