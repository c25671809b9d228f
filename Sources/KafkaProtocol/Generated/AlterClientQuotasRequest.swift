// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AlterClientQuotas.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AlterClientQuotas request body (API key 49),
/// versions 0–1, flexible from version 1.
public struct AlterClientQuotasRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .alterClientQuotas
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1
    public typealias Response = AlterClientQuotasResponse

    /// `Entries`: []EntryData, versions 0+.
    public var entries: [EntryData]
    /// `ValidateOnly`: bool, versions 0+.
    public var validateOnly: Bool

    public init(
        entries: [EntryData] = [],
        validateOnly: Bool = false
    ) {
        self.entries = entries
        self.validateOnly = validateOnly
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 1
        self.entries = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> EntryData in try EntryData(from: &element, version: version) }
        self.validateOnly = try buffer.readKafkaBool()
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaArray(self.entries, compact: flexible) { (element: EntryData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaBool(self.validateOnly)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `EntryData` structure of `AlterClientQuotasRequest`.
    public struct EntryData: Hashable, Sendable {
        /// `Entity`: []EntityData, versions 0+.
        public var entity: [EntityData]
        /// `Ops`: []OpData, versions 0+.
        public var ops: [OpData]

        public init(
            entity: [EntityData] = [],
            ops: [OpData] = []
        ) {
            self.entity = entity
            self.ops = ops
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.entity = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> EntityData in try EntityData(from: &element, version: version) }
            self.ops = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OpData in try OpData(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaArray(self.entity, compact: flexible) { (element: EntityData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            buffer.writeKafkaArray(self.ops, compact: flexible) { (element: OpData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `EntityData` structure of `AlterClientQuotasRequest`.
    public struct EntityData: Hashable, Sendable {
        /// `EntityType`: string, versions 0+.
        public var entityType: String
        /// `EntityName`: string, versions 0+, nullable 0+.
        public var entityName: String?

        public init(
            entityType: String = "",
            entityName: String? = ""
        ) {
            self.entityType = entityType
            self.entityName = entityName
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.entityType = try buffer.readKafkaString(compact: flexible)
            self.entityName = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaString(self.entityType, compact: flexible)
            buffer.writeKafkaNullableString(self.entityName, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OpData` structure of `AlterClientQuotasRequest`.
    public struct OpData: Hashable, Sendable {
        /// `Key`: string, versions 0+.
        public var key: String
        /// `Value`: float64, versions 0+.
        public var value: Double
        /// `Remove`: bool, versions 0+.
        public var remove: Bool

        public init(
            key: String = "",
            value: Double = 0,
            remove: Bool = false
        ) {
            self.key = key
            self.value = value
            self.remove = remove
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.key = try buffer.readKafkaString(compact: flexible)
            self.value = try buffer.readKafkaFloat64()
            self.remove = try buffer.readKafkaBool()
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaString(self.key, compact: flexible)
            buffer.writeKafkaFloat64(self.value)
            buffer.writeKafkaBool(self.remove)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
