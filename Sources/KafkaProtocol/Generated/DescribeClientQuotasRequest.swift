// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeClientQuotas.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeClientQuotas request body (API key 48),
/// versions 0–1, flexible from version 1.
public struct DescribeClientQuotasRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .describeClientQuotas
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1
    public typealias Response = DescribeClientQuotasResponse

    /// `Components`: []ComponentData, versions 0+.
    public var components: [ComponentData]
    /// `Strict`: bool, versions 0+.
    public var strict: Bool

    public init(
        components: [ComponentData] = [],
        strict: Bool = false
    ) {
        self.components = components
        self.strict = strict
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 1
        self.components = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ComponentData in try ComponentData(from: &element, version: version) }
        self.strict = try buffer.readKafkaBool()
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaArray(self.components, compact: flexible) { (element: ComponentData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaBool(self.strict)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ComponentData` structure of `DescribeClientQuotasRequest`.
    public struct ComponentData: Hashable, Sendable {
        /// `EntityType`: string, versions 0+.
        public var entityType: String
        /// `MatchType`: int8, versions 0+.
        public var matchType: Int8
        /// `Match`: string, versions 0+, nullable 0+.
        public var match: String?

        public init(
            entityType: String = "",
            matchType: Int8 = 0,
            match: String? = ""
        ) {
            self.entityType = entityType
            self.matchType = matchType
            self.match = match
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.entityType = try buffer.readKafkaString(compact: flexible)
            self.matchType = try buffer.readKafkaInteger(as: Int8.self)
            self.match = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaString(self.entityType, compact: flexible)
            buffer.writeKafkaInteger(self.matchType)
            buffer.writeKafkaNullableString(self.match, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
