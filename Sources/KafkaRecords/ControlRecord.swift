import NIOCore

/// The record of a control batch: a transaction marker written by the transaction coordinator's
/// WriteTxnMarkers. Key: version int16 (0) · type int16 (0 abort, 1 commit). Value: version int16 (0) ·
/// coordinatorEpoch int32. Consumers never hand these to applications.
public struct ControlRecord: Hashable, Sendable {
    public enum Kind: Int16, Sendable {
        case abort = 0
        case commit = 1
    }

    public var kind: Kind
    public var coordinatorEpoch: Int32

    public init(kind: Kind, coordinatorEpoch: Int32) {
        self.kind = kind
        self.coordinatorEpoch = coordinatorEpoch
    }

    /// Reads a marker from a record of a control batch; nil when the key is not a known marker.
    public init?(_ record: Record) {
        guard var key = record.key, key.readInteger(as: Int16.self) == 0,
            let rawKind = key.readInteger(as: Int16.self), let kind = Kind(rawValue: rawKind)
        else { return nil }
        var value = record.value
        _ = value?.readInteger(as: Int16.self)  // value version
        self.kind = kind
        self.coordinatorEpoch = value?.readInteger(as: Int32.self) ?? -1
    }

    public var key: ByteBuffer {
        var key = ByteBuffer()
        key.writeInteger(Int16(0))
        key.writeInteger(kind.rawValue)
        return key
    }

    public var value: ByteBuffer {
        var value = ByteBuffer()
        value.writeInteger(Int16(0))
        value.writeInteger(coordinatorEpoch)
        return value
    }

    /// A complete control batch holding this marker, for the producer's transaction at `baseOffset`.
    public func makeBatch(
        baseOffset: Int64, partitionLeaderEpoch: Int32, producerID: Int64, producerEpoch: Int16, timestamp: Int64
    ) throws(RecordBatchError) -> ByteBuffer {
        var builder = RecordBatchBuilder(
            baseOffset: baseOffset, partitionLeaderEpoch: partitionLeaderEpoch, producerID: producerID,
            producerEpoch: producerEpoch, baseSequence: -1, isTransactional: true, isControl: true)
        builder.append(key: key, value: value, timestamp: timestamp)
        return try builder.build()
    }
}
