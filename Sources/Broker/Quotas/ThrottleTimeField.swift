import KafkaProtocol
import NIOCore

/// Writes a throttle time into a response frame that is already encoded, so quotas need no hook in each handler.
/// Most responses carry `throttle_time_ms` as their first field (from the version listed here); Produce carries it
/// last, before the tagged fields of its flexible versions. A response without the field (OffsetDelete, ApiVersions,
/// the controller's requests, old versions) is left as it is: the muted connection is then the only throttle.
enum ThrottleTimeField {
    /// The first version whose response starts with `throttle_time_ms` (Kafka's message specs).
    static let firstFieldSince: [ApiKey: Int16] = [
        .fetch: 1, .listOffsets: 2, .metadata: 3, .offsetCommit: 3, .offsetFetch: 3, .findCoordinator: 1,
        .joinGroup: 2, .heartbeat: 1, .leaveGroup: 1, .syncGroup: 1, .describeGroups: 1, .listGroups: 1,
        .createTopics: 2, .deleteTopics: 1, .deleteRecords: 0, .initProducerId: 0, .offsetForLeaderEpoch: 2,
        .describeConfigs: 0, .alterConfigs: 0, .describeLogDirs: 0, .createPartitions: 0, .deleteGroups: 0,
        .electLeaders: 0, .incrementalAlterConfigs: 0, .alterPartitionReassignments: 0,
        .listPartitionReassignments: 0, .describeCluster: 0, .describeClientQuotas: 0, .alterClientQuotas: 0,
    ]

    /// Where the field sits in `frame` (size prefix included), nil when this response has none.
    static func offset(in frame: ByteBuffer, api: ApiKey, version: Int16) -> Int? {
        let start = frame.readerIndex
        if api == .produce {
            guard version >= 1 else { return nil }
            let flexible = api.firstFlexibleVersion.map { version >= $0 } ?? false
            // A flexible body ends with its tagged fields; ours are always the empty set (one zero byte).
            let trailer = flexible ? 5 : 4
            guard frame.readableBytes >= 8 + trailer else { return nil }
            if flexible, frame.getInteger(at: frame.writerIndex - 1, as: UInt8.self) != 0 { return nil }
            return frame.writerIndex - trailer
        }
        guard let since = firstFieldSince[api], version >= since else { return nil }
        let headerBytes = api.responseHeaderVersion(for: version) >= 1 ? 5 : 4
        let offset = start + 4 + headerBytes
        return frame.writerIndex - offset >= 4 ? offset : nil
    }

    /// Raises the field to `throttleMs` (a handler's own larger value stays).
    static func raise(in frame: inout ByteBuffer, api: ApiKey, version: Int16, to throttleMs: Int32) {
        guard let offset = offset(in: frame, api: api, version: version),
              let current = frame.getInteger(at: offset, as: Int32.self), current < throttleMs
        else { return }
        frame.setInteger(throttleMs, at: offset)
    }
}
