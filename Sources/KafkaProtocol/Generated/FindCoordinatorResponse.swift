// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/FindCoordinator.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's FindCoordinator response body (API key 10),
/// versions 0–4, flexible from version 3.
public struct FindCoordinatorResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .findCoordinator
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0-3.
    public var errorCode: KafkaErrorCode
    /// `ErrorMessage`: string, versions 1-3, nullable 1-3.
    public var errorMessage: String?
    /// `NodeId`: int32, versions 0-3.
    public var nodeID: KafkaModel.BrokerID
    /// `Host`: string, versions 0-3.
    public var host: String
    /// `Port`: int32, versions 0-3.
    public var port: Int32
    /// `Coordinators`: []Coordinator, versions 4+.
    public var coordinators: [Coordinator]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = "",
        nodeID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
        host: String = "",
        port: Int32 = 0,
        coordinators: [Coordinator] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.nodeID = nodeID
        self.host = host
        self.port = port
        self.coordinators = coordinators
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version <= 3 {
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        }
        if version >= 1 && version <= 3 {
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 1 && version <= 3)
        }
        if version <= 3 {
            self.nodeID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        }
        if version <= 3 {
            self.host = try buffer.readKafkaString(compact: flexible)
        }
        if version <= 3 {
            self.port = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version >= 4 {
            self.coordinators = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Coordinator in try Coordinator(from: &element, version: version) }
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        if version <= 3 {
            buffer.writeKafkaInteger(self.errorCode.rawValue)
        }
        if version >= 1 && version <= 3 {
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
        }
        if version <= 3 {
            buffer.writeKafkaInteger(self.nodeID.rawValue)
        }
        if version <= 3 {
            buffer.writeKafkaString(self.host, compact: flexible)
        }
        if version <= 3 {
            buffer.writeKafkaInteger(self.port)
        }
        if version >= 4 {
            buffer.writeKafkaArray(self.coordinators, compact: flexible) { (element: Coordinator, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `Coordinator` structure of `FindCoordinatorResponse`.
    public struct Coordinator: Hashable, Sendable {
        /// `Key`: string, versions 4+.
        public var key: String
        /// `NodeId`: int32, versions 4+.
        public var nodeID: KafkaModel.BrokerID
        /// `Host`: string, versions 4+.
        public var host: String
        /// `Port`: int32, versions 4+.
        public var port: Int32
        /// `ErrorCode`: int16, versions 4+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 4+, nullable 4+.
        public var errorMessage: String?

        public init(
            key: String = "",
            nodeID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            host: String = "",
            port: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = ""
        ) {
            self.key = key
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            if version >= 4 {
                self.key = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 4 {
                self.nodeID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            }
            if version >= 4 {
                self.host = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 4 {
                self.port = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 4 {
                self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            }
            if version >= 4 {
                self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 4)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            if version >= 4 {
                buffer.writeKafkaString(self.key, compact: flexible)
            }
            if version >= 4 {
                buffer.writeKafkaInteger(self.nodeID.rawValue)
            }
            if version >= 4 {
                buffer.writeKafkaString(self.host, compact: flexible)
            }
            if version >= 4 {
                buffer.writeKafkaInteger(self.port)
            }
            if version >= 4 {
                buffer.writeKafkaInteger(self.errorCode.rawValue)
            }
            if version >= 4 {
                buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
