// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/IncrementalAlterConfigs.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's IncrementalAlterConfigs request body (API key 44),
/// versions 0–1, flexible from version 1.
public struct IncrementalAlterConfigsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .incrementalAlterConfigs
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1
    public typealias Response = IncrementalAlterConfigsResponse

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
        let flexible = version >= 1
        self.resources = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AlterConfigsResource in try AlterConfigsResource(from: &element, version: version) }
        self.validateOnly = try buffer.readKafkaBool()
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaArray(self.resources, compact: flexible) { (element: AlterConfigsResource, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaBool(self.validateOnly)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `AlterConfigsResource` structure of `IncrementalAlterConfigsRequest`.
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
            let flexible = version >= 1
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            self.configs = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AlterableConfig in try AlterableConfig(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            buffer.writeKafkaArray(self.configs, compact: flexible) { (element: AlterableConfig, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `AlterableConfig` structure of `IncrementalAlterConfigsRequest`.
    public struct AlterableConfig: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String
        /// `ConfigOperation`: int8, versions 0+.
        public var configOperation: Int8
        /// `Value`: string, versions 0+, nullable 0+.
        public var value: String?

        public init(
            name: String = "",
            configOperation: Int8 = 0,
            value: String? = ""
        ) {
            self.name = name
            self.configOperation = configOperation
            self.value = value
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.name = try buffer.readKafkaString(compact: flexible)
            self.configOperation = try buffer.readKafkaInteger(as: Int8.self)
            self.value = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaString(self.name, compact: flexible)
            buffer.writeKafkaInteger(self.configOperation)
            buffer.writeKafkaNullableString(self.value, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
