// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AlterConfigs.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AlterConfigs request body (API key 33),
/// versions 0–2, flexible from version 2.
public struct AlterConfigsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .alterConfigs
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = AlterConfigsResponse

    /// `Resources`: []AlterConfigsResource, versions 0+.
    public var resources: [AlterConfigsResource]
    /// `ValidateOnly`: bool, versions 0+.
    public var validateOnly: Bool

    public init(
        resources: [AlterConfigsResource] = [],
        validateOnly: Bool = false
    ) {
        self.resources = resources
        self.validateOnly = validateOnly
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.resources = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AlterConfigsResource in try AlterConfigsResource(from: &element, version: version) }
        self.validateOnly = try buffer.readKafkaBool()
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(self.resources, compact: flexible) { (element: AlterConfigsResource, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaBool(self.validateOnly)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `AlterConfigsResource` structure of `AlterConfigsRequest`.
    public struct AlterConfigsResource: Hashable, Sendable {
        /// `ResourceType`: int8, versions 0+.
        public var resourceType: Int8
        /// `ResourceName`: string, versions 0+.
        public var resourceName: String
        /// `Configs`: []AlterableConfig, versions 0+.
        public var configs: [AlterableConfig]

        public init(
            resourceType: Int8 = 0,
            resourceName: String = "",
            configs: [AlterableConfig] = []
        ) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            self.configs = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AlterableConfig in try AlterableConfig(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            buffer.writeKafkaArray(self.configs, compact: flexible) { (element: AlterableConfig, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `AlterableConfig` structure of `AlterConfigsRequest`.
    public struct AlterableConfig: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String
        /// `Value`: string, versions 0+, nullable 0+.
        public var value: String?

        public init(
            name: String = "",
            value: String? = ""
        ) {
            self.name = name
            self.value = value
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.name = try buffer.readKafkaString(compact: flexible)
            self.value = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.name, compact: flexible)
            buffer.writeKafkaNullableString(self.value, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
