// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeCluster.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeCluster response body (API key 60),
/// versions 0–0, flexible from version 0.
public struct DescribeClusterResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeCluster
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ErrorMessage`: string, versions 0+, nullable 0+.
    public var errorMessage: String?
    /// `ClusterId`: string, versions 0+.
    public var clusterID: String
    /// `ControllerId`: int32, versions 0+.
    public var controllerID: KafkaModel.BrokerID
    /// `Brokers`: []DescribeClusterBroker, versions 0+.
    public var brokers: [DescribeClusterBroker]
    /// `ClusterAuthorizedOperations`: int32, versions 0+.
    public var clusterAuthorizedOperations: Int32

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = nil,
        clusterID: String = "",
        controllerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: -1),
        brokers: [DescribeClusterBroker] = [],
        clusterAuthorizedOperations: Int32 = -2147483648
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.brokers = brokers
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.clusterID = try buffer.readKafkaString(compact: flexible)
        self.controllerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        self.brokers = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeClusterBroker in try DescribeClusterBroker(from: &element, version: version) }
        self.clusterAuthorizedOperations = try buffer.readKafkaInteger(as: Int32.self)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
        buffer.writeKafkaString(self.clusterID, compact: flexible)
        buffer.writeKafkaInteger(self.controllerID.rawValue)
        buffer.writeKafkaArray(self.brokers, compact: flexible) { (element: DescribeClusterBroker, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaInteger(self.clusterAuthorizedOperations)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DescribeClusterBroker` structure of `DescribeClusterResponse`.
    public struct DescribeClusterBroker: Hashable, Sendable {
        /// `BrokerId`: int32, versions 0+.
        public var brokerID: KafkaModel.BrokerID
        /// `Host`: string, versions 0+.
        public var host: String
        /// `Port`: int32, versions 0+.
        public var port: Int32
        /// `Rack`: string, versions 0+, nullable 0+.
        public var rack: String?

        public init(
            brokerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            host: String = "",
            port: Int32 = 0,
            rack: String? = nil
        ) {
            self.brokerID = brokerID
            self.host = host
            self.port = port
            self.rack = rack
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.brokerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            self.host = try buffer.readKafkaString(compact: flexible)
            self.port = try buffer.readKafkaInteger(as: Int32.self)
            self.rack = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.brokerID.rawValue)
            buffer.writeKafkaString(self.host, compact: flexible)
            buffer.writeKafkaInteger(self.port)
            buffer.writeKafkaNullableString(self.rack, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
