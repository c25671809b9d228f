// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeCluster.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeCluster request body (API key 60),
/// versions 0–0, flexible from version 0.
public struct DescribeClusterRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .describeCluster
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0
    public typealias Response = DescribeClusterResponse

    /// `IncludeClusterAuthorizedOperations`: bool, versions 0+.
    public var includeClusterAuthorizedOperations: Bool

    public init(
        includeClusterAuthorizedOperations: Bool = false
    ) {
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.includeClusterAuthorizedOperations = try buffer.readKafkaBool()
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaBool(self.includeClusterAuthorizedOperations)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
