// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeConfigs.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeConfigs response body (API key 32),
/// versions 0–4, flexible from version 4.
public struct DescribeConfigsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeConfigs
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Results`: []DescribeConfigsResult, versions 0+.
    public var results: [DescribeConfigsResult]

    public init(
        throttleTimeMs: Int32 = 0,
        results: [DescribeConfigsResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.results = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeConfigsResult in try DescribeConfigsResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.results, compact: flexible) { (element: DescribeConfigsResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DescribeConfigsResult` structure of `DescribeConfigsResponse`.
    public struct DescribeConfigsResult: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?
        /// `ResourceType`: int8, versions 0+.
        public var resourceType: Int8
        /// `ResourceName`: string, versions 0+.
        public var resourceName: String
        /// `Configs`: []DescribeConfigsResourceResult, versions 0+.
        public var configs: [DescribeConfigsResourceResult]

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = "",
            resourceType: Int8 = 0,
            resourceName: String = "",
            configs: [DescribeConfigsResourceResult] = []
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            self.configs = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeConfigsResourceResult in try DescribeConfigsResourceResult(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            buffer.writeKafkaArray(self.configs, compact: flexible) { (element: DescribeConfigsResourceResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DescribeConfigsResourceResult` structure of `DescribeConfigsResponse`.
    public struct DescribeConfigsResourceResult: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String
        /// `Value`: string, versions 0+, nullable 0+.
        public var value: String?
        /// `ReadOnly`: bool, versions 0+.
        public var readOnly: Bool
        /// `IsDefault`: bool, versions 0.
        public var isDefault: Bool
        /// `ConfigSource`: int8, versions 1+.
        public var configSource: Int8
        /// `IsSensitive`: bool, versions 0+.
        public var isSensitive: Bool
        /// `Synonyms`: []DescribeConfigsSynonym, versions 1+.
        public var synonyms: [DescribeConfigsSynonym]
        /// `ConfigType`: int8, versions 3+.
        public var configType: Int8
        /// `Documentation`: string, versions 3+, nullable 0+.
        public var documentation: String?

        public init(
            name: String = "",
            value: String? = "",
            readOnly: Bool = false,
            isDefault: Bool = false,
            configSource: Int8 = -1,
            isSensitive: Bool = false,
            synonyms: [DescribeConfigsSynonym] = [],
            configType: Int8 = 0,
            documentation: String? = ""
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.isDefault = isDefault
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.synonyms = synonyms
            self.configType = configType
            self.documentation = documentation
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.name = try buffer.readKafkaString(compact: flexible)
            self.value = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.readOnly = try buffer.readKafkaBool()
            if version <= 0 {
                self.isDefault = try buffer.readKafkaBool()
            }
            if version >= 1 {
                self.configSource = try buffer.readKafkaInteger(as: Int8.self)
            }
            self.isSensitive = try buffer.readKafkaBool()
            if version >= 1 {
                self.synonyms = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeConfigsSynonym in try DescribeConfigsSynonym(from: &element, version: version) }
            }
            if version >= 3 {
                self.configType = try buffer.readKafkaInteger(as: Int8.self)
            }
            if version >= 3 {
                self.documentation = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(self.name, compact: flexible)
            buffer.writeKafkaNullableString(self.value, compact: flexible)
            buffer.writeKafkaBool(self.readOnly)
            if version <= 0 {
                buffer.writeKafkaBool(self.isDefault)
            }
            if version >= 1 {
                buffer.writeKafkaInteger(self.configSource)
            }
            buffer.writeKafkaBool(self.isSensitive)
            if version >= 1 {
                buffer.writeKafkaArray(self.synonyms, compact: flexible) { (element: DescribeConfigsSynonym, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if version >= 3 {
                buffer.writeKafkaInteger(self.configType)
            }
            if version >= 3 {
                buffer.writeKafkaNullableString(self.documentation, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DescribeConfigsSynonym` structure of `DescribeConfigsResponse`.
    public struct DescribeConfigsSynonym: Hashable, Sendable {
        /// `Name`: string, versions 1+.
        public var name: String
        /// `Value`: string, versions 1+, nullable 0+.
        public var value: String?
        /// `Source`: int8, versions 1+.
        public var source: Int8

        public init(
            name: String = "",
            value: String? = "",
            source: Int8 = 0
        ) {
            self.name = name
            self.value = value
            self.source = source
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            if version >= 1 {
                self.name = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 1 {
                self.value = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            }
            if version >= 1 {
                self.source = try buffer.readKafkaInteger(as: Int8.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version >= 1 {
                buffer.writeKafkaString(self.name, compact: flexible)
            }
            if version >= 1 {
                buffer.writeKafkaNullableString(self.value, compact: flexible)
            }
            if version >= 1 {
                buffer.writeKafkaInteger(self.source)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
