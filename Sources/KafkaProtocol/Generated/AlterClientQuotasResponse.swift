// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AlterClientQuotas.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AlterClientQuotas response body (API key 49),
/// versions 0–1, flexible from version 1.
public struct AlterClientQuotasResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .alterClientQuotas
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Entries`: []EntryData, versions 0+.
    public var entries: [EntryData]

    public init(
        throttleTimeMs: Int32 = 0,
        entries: [EntryData] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.entries = entries
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 1
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.entries = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> EntryData in try EntryData(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.entries, compact: flexible) { (element: EntryData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `EntryData` structure of `AlterClientQuotasResponse`.
    public struct EntryData: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?
        /// `Entity`: []EntityData, versions 0+.
        public var entity: [EntityData]

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = "",
            entity: [EntityData] = []
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.entity = entity
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.entity = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> EntityData in try EntityData(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            buffer.writeKafkaArray(self.entity, compact: flexible) { (element: EntityData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `EntityData` structure of `AlterClientQuotasResponse`.
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
}
