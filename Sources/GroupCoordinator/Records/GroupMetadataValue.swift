import NIOCore

/// A group's membership as stored in `__consumer_offsets` (`GroupMetadataValue`), written when a generation
/// completes (SyncGroup), when a group empties, and when a static member is replaced.
///
/// Layout (big-endian; strings int16-length, nullable = -1; bytes int32-length), after an int16 version:
/// protocolType string · generation int32 · protocol nullable string · leader nullable string ·
/// currentStateTimestamp int64 (v2+) · members int32 count, each: memberId string ·
/// groupInstanceId nullable string (v3+) · clientId string · clientHost string · rebalanceTimeout int32 (v1+) ·
/// sessionTimeout int32 · subscription bytes · assignment bytes.
///
/// We write v3 (Kafka 2.3+) and read v0–v3.
public struct GroupMetadataValue: Sendable, Hashable {
    /// One member as persisted.
    public struct Member: Sendable, Hashable {
        public var memberID: String
        public var groupInstanceID: String?
        public var clientID: String
        public var clientHost: String
        /// Equal to the session timeout for v0 records, which lacked it.
        public var rebalanceTimeoutMs: Int32
        public var sessionTimeoutMs: Int32
        /// The member's metadata for the group's selected protocol.
        public var subscription: ByteBuffer
        public var assignment: ByteBuffer

        public init(
            memberID: String, groupInstanceID: String?, clientID: String, clientHost: String,
            rebalanceTimeoutMs: Int32, sessionTimeoutMs: Int32, subscription: ByteBuffer, assignment: ByteBuffer
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.clientID = clientID
            self.clientHost = clientHost
            self.rebalanceTimeoutMs = rebalanceTimeoutMs
            self.sessionTimeoutMs = sessionTimeoutMs
            self.subscription = subscription
            self.assignment = assignment
        }
    }

    public var protocolType: String
    public var generation: Int32
    public var protocolName: String?
    public var leaderID: String?
    /// -1 when unknown (records before v2).
    public var currentStateTimestampMs: Int64
    public var members: [Member]

    public init(
        protocolType: String, generation: Int32, protocolName: String?, leaderID: String?,
        currentStateTimestampMs: Int64, members: [Member]
    ) {
        self.protocolType = protocolType
        self.generation = generation
        self.protocolName = protocolName
        self.leaderID = leaderID
        self.currentStateTimestampMs = currentStateTimestampMs
        self.members = members
    }

    /// The value's bytes in version 3.
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(3))
        buffer.writeKafkaString(protocolType)
        buffer.writeInteger(generation)
        buffer.writeNullableKafkaString(protocolName)
        buffer.writeNullableKafkaString(leaderID)
        buffer.writeInteger(currentStateTimestampMs)
        buffer.writeInteger(Int32(members.count))
        for member in members {
            buffer.writeKafkaString(member.memberID)
            buffer.writeNullableKafkaString(member.groupInstanceID)
            buffer.writeKafkaString(member.clientID)
            buffer.writeKafkaString(member.clientHost)
            buffer.writeInteger(member.rebalanceTimeoutMs)
            buffer.writeInteger(member.sessionTimeoutMs)
            buffer.writeKafkaBytes(member.subscription)
            buffer.writeKafkaBytes(member.assignment)
        }
        return buffer
    }

    /// Decodes versions 0 to 3.
    /// - Throws: `OffsetsRecordError` for truncated values and unknown versions.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        let version: Int16 = try buffer.readKafkaInteger("value version")
        guard (0...3).contains(version) else {
            throw OffsetsRecordError.unknownVersion(record: "GroupMetadataValue", version: version)
        }
        protocolType = try buffer.readKafkaString("protocolType")
        generation = try buffer.readKafkaInteger("generation")
        protocolName = try buffer.readNullableKafkaString("protocol")
        leaderID = try buffer.readNullableKafkaString("leader")
        currentStateTimestampMs = version >= 2 ? try buffer.readKafkaInteger("currentStateTimestamp") : -1
        let count: Int32 = try buffer.readKafkaInteger("members")
        guard count >= 0 else { throw OffsetsRecordError.invalidLength(field: "members", length: count) }
        var members: [Member] = []
        members.reserveCapacity(Int(min(count, 1024)))
        for _ in 0..<count {
            let memberID = try buffer.readKafkaString("memberId")
            let groupInstanceID = version >= 3 ? try buffer.readNullableKafkaString("groupInstanceId") : nil
            let clientID = try buffer.readKafkaString("clientId")
            let clientHost = try buffer.readKafkaString("clientHost")
            let rebalanceTimeout: Int32? = version >= 1 ? try buffer.readKafkaInteger("rebalanceTimeout") : nil
            let sessionTimeout: Int32 = try buffer.readKafkaInteger("sessionTimeout")
            members.append(
                Member(
                    memberID: memberID, groupInstanceID: groupInstanceID, clientID: clientID, clientHost: clientHost,
                    rebalanceTimeoutMs: rebalanceTimeout ?? sessionTimeout, sessionTimeoutMs: sessionTimeout,
                    subscription: try buffer.readKafkaBytes("subscription"),
                    assignment: try buffer.readKafkaBytes("assignment")))
        }
        self.members = members
    }
}
