// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeConfigs.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeConfigs request body (API key 32),
/// versions 0–4, flexible from version 4.
public struct DescribeConfigsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .describeConfigs
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4
    public typealias Response = DescribeConfigsResponse

    /// `Resources`: []DescribeConfigsResource, versions 0+.
    public var resources: [DescribeConfigsResource]
    /// `IncludeSynonyms`: bool, versions 1+.
    public var includeSynonyms: Bool
    /// `IncludeDocumentation`: bool, versions 3+.
    public var includeDocumentation: Bool

    public init(
        resources: [DescribeConfigsResource] = [],
        includeSynonyms: Bool = false,
        includeDocumentation: Bool = false
    ) {
        self.resources = resources
        self.includeSynonyms = includeSynonyms
        self.includeDocumentation = includeDocumentation
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        self.resources = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeConfigsResource in try DescribeConfigsResource(from: &element, version: version) }
        if version >= 1 {
            self.includeSynonyms = try buffer.readKafkaBool()
        }
        if version >= 3 {
            self.includeDocumentation = try buffer.readKafkaBool()
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaArray(self.resources, compact: flexible) { (element: DescribeConfigsResource, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 1 {
            buffer.writeKafkaBool(self.includeSynonyms)
        }
        if version >= 3 {
            buffer.writeKafkaBool(self.includeDocumentation)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DescribeConfigsResource` structure of `DescribeConfigsRequest`.
    public struct DescribeConfigsResource: Hashable, Sendable {
        /// `ResourceType`: int8, versions 0+.
        public var resourceType: Int8
        /// `ResourceName`: string, versions 0+.
        public var resourceName: String
        /// `ConfigurationKeys`: []string, versions 0+, nullable 0+.
        public var configurationKeys: [String]?

        public init(
            resourceType: Int8 = 0,
            resourceName: String = "",
            configurationKeys: [String]? = []
        ) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configurationKeys = configurationKeys
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            self.configurationKeys = try buffer.readKafkaNullableArray(compact: flexible, allowNull: true) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            buffer.writeKafkaNullableArray(self.configurationKeys, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
