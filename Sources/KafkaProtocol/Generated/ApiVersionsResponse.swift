// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ApiVersions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ApiVersions response body (API key 18),
/// versions 0–3, flexible from version 3.
public struct ApiVersionsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .apiVersions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ApiKeys`: []ApiVersion, versions 0+.
    public var apiKeys: [ApiVersion]
    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `SupportedFeatures`: []SupportedFeatureKey, versions 3+, tag 0 in versions 3+.
    public var supportedFeatures: [SupportedFeatureKey]
    /// `FinalizedFeaturesEpoch`: int64, versions 3+, tag 1 in versions 3+.
    public var finalizedFeaturesEpoch: Int64
    /// `FinalizedFeatures`: []FinalizedFeatureKey, versions 3+, tag 2 in versions 3+.
    public var finalizedFeatures: [FinalizedFeatureKey]
    /// `ZkMigrationReady`: bool, versions 3+, tag 3 in versions 3+.
    public var zkMigrationReady: Bool

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        apiKeys: [ApiVersion] = [],
        throttleTimeMs: Int32 = 0,
        supportedFeatures: [SupportedFeatureKey] = [],
        finalizedFeaturesEpoch: Int64 = -1,
        finalizedFeatures: [FinalizedFeatureKey] = [],
        zkMigrationReady: Bool = false
    ) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
        self.supportedFeatures = supportedFeatures
        self.finalizedFeaturesEpoch = finalizedFeaturesEpoch
        self.finalizedFeatures = finalizedFeatures
        self.zkMigrationReady = zkMigrationReady
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.apiKeys = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ApiVersion in try ApiVersion(from: &element, version: version) }
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        if flexible {
            for field in try buffer.readTaggedFields() {
                var data = field.data
                switch field.tag {
                case 0 where version >= 3:
                    self.supportedFeatures = try data.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> SupportedFeatureKey in try SupportedFeatureKey(from: &element, version: version) }
                case 1 where version >= 3:
                    self.finalizedFeaturesEpoch = try data.readKafkaInteger(as: Int64.self)
                case 2 where version >= 3:
                    self.finalizedFeatures = try data.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> FinalizedFeatureKey in try FinalizedFeatureKey(from: &element, version: version) }
                case 3 where version >= 3:
                    self.zkMigrationReady = try data.readKafkaBool()
                default:
                    break
                }
            }
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaArray(self.apiKeys, compact: flexible) { (element: ApiVersion, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        if flexible {
            var tagged: [TaggedField] = []
            if version >= 3 && self.supportedFeatures != [] {
                var data = ByteBuffer()
                data.writeKafkaArray(self.supportedFeatures, compact: flexible) { (element: SupportedFeatureKey, output: inout ByteBuffer) in element.write(into: &output, version: version) }
                tagged.append(TaggedField(tag: 0, data: data))
            }
            if version >= 3 && self.finalizedFeaturesEpoch != -1 {
                var data = ByteBuffer()
                data.writeKafkaInteger(self.finalizedFeaturesEpoch)
                tagged.append(TaggedField(tag: 1, data: data))
            }
            if version >= 3 && self.finalizedFeatures != [] {
                var data = ByteBuffer()
                data.writeKafkaArray(self.finalizedFeatures, compact: flexible) { (element: FinalizedFeatureKey, output: inout ByteBuffer) in element.write(into: &output, version: version) }
                tagged.append(TaggedField(tag: 2, data: data))
            }
            if version >= 3 && self.zkMigrationReady != false {
                var data = ByteBuffer()
                data.writeKafkaBool(self.zkMigrationReady)
                tagged.append(TaggedField(tag: 3, data: data))
            }
            buffer.writeTaggedFields(tagged)
        }
    }

    /// The `ApiVersion` structure of `ApiVersionsResponse`.
    public struct ApiVersion: Hashable, Sendable {
        /// `ApiKey`: int16, versions 0+.
        public var apiKey: Int16
        /// `MinVersion`: int16, versions 0+.
        public var minVersion: Int16
        /// `MaxVersion`: int16, versions 0+.
        public var maxVersion: Int16

        public init(
            apiKey: Int16 = 0,
            minVersion: Int16 = 0,
            maxVersion: Int16 = 0
        ) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.apiKey = try buffer.readKafkaInteger(as: Int16.self)
            self.minVersion = try buffer.readKafkaInteger(as: Int16.self)
            self.maxVersion = try buffer.readKafkaInteger(as: Int16.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaInteger(self.apiKey)
            buffer.writeKafkaInteger(self.minVersion)
            buffer.writeKafkaInteger(self.maxVersion)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `SupportedFeatureKey` structure of `ApiVersionsResponse`.
    public struct SupportedFeatureKey: Hashable, Sendable {
        /// `Name`: string, versions 3+.
        public var name: String
        /// `MinVersion`: int16, versions 3+.
        public var minVersion: Int16
        /// `MaxVersion`: int16, versions 3+.
        public var maxVersion: Int16

        public init(
            name: String = "",
            minVersion: Int16 = 0,
            maxVersion: Int16 = 0
        ) {
            self.name = name
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            if version >= 3 {
                self.name = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 3 {
                self.minVersion = try buffer.readKafkaInteger(as: Int16.self)
            }
            if version >= 3 {
                self.maxVersion = try buffer.readKafkaInteger(as: Int16.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            if version >= 3 {
                buffer.writeKafkaString(self.name, compact: flexible)
            }
            if version >= 3 {
                buffer.writeKafkaInteger(self.minVersion)
            }
            if version >= 3 {
                buffer.writeKafkaInteger(self.maxVersion)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `FinalizedFeatureKey` structure of `ApiVersionsResponse`.
    public struct FinalizedFeatureKey: Hashable, Sendable {
        /// `Name`: string, versions 3+.
        public var name: String
        /// `MaxVersionLevel`: int16, versions 3+.
        public var maxVersionLevel: Int16
        /// `MinVersionLevel`: int16, versions 3+.
        public var minVersionLevel: Int16

        public init(
            name: String = "",
            maxVersionLevel: Int16 = 0,
            minVersionLevel: Int16 = 0
        ) {
            self.name = name
            self.maxVersionLevel = maxVersionLevel
            self.minVersionLevel = minVersionLevel
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            if version >= 3 {
                self.name = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 3 {
                self.maxVersionLevel = try buffer.readKafkaInteger(as: Int16.self)
            }
            if version >= 3 {
                self.minVersionLevel = try buffer.readKafkaInteger(as: Int16.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            if version >= 3 {
                buffer.writeKafkaString(self.name, compact: flexible)
            }
            if version >= 3 {
                buffer.writeKafkaInteger(self.maxVersionLevel)
            }
            if version >= 3 {
                buffer.writeKafkaInteger(self.minVersionLevel)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
