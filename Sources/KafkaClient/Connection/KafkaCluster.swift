import KafkaModel
import KafkaProtocol

/// Connections to the brokers of one cluster and the metadata cache: one connection per broker id, opened on
/// first use (ApiVersions negotiated on each), metadata fetched on demand and again whenever a caller reports
/// it stale (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, a dead connection).
///
/// Shared by producer, consumer and admin client; an actor so that concurrent callers open one connection
/// per broker (pending connects are shared as tasks).
public actor KafkaCluster {
    public nonisolated let bootstrapServers: [BrokerAddress]
    public nonisolated let clientID: String
    public nonisolated let connectTimeout: Duration
    /// How long requests of the cluster itself (ApiVersions, Metadata) wait for an answer.
    public nonisolated let requestTimeout: Duration
    /// What every connection does first: TLS (`security.protocol=SSL`) and/or a SASL login; plaintext by default.
    public nonisolated let security: ConnectionSecurity

    private var snapshot = MetadataSnapshot()
    private var staleTopics: Set<TopicName> = []
    private var connections: [BrokerID: BrokerConnection] = [:]
    private var pendingConnections: [BrokerID: Task<BrokerConnection, any Error>] = [:]
    /// The connection used before broker ids are known; reused for requests to "any broker".
    private var bootstrapConnection: BrokerConnection?
    private var closed = false

    public init(bootstrapServers: [BrokerAddress], clientID: String = "tributary",
                connectTimeout: Duration = .seconds(10),
                requestTimeout: Duration = KafkaConnection.defaultRequestTimeout, security: ConnectionSecurity = .plaintext)
    {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.security = security
    }

    /// - Throws: `KafkaClientError.invalidArgument` for a malformed `host:port[,host:port]` list.
    public init(bootstrapServers: String, clientID: String = "tributary", connectTimeout: Duration = .seconds(10),
                requestTimeout: Duration = KafkaConnection.defaultRequestTimeout, security: ConnectionSecurity = .plaintext) throws
    {
        self.init(bootstrapServers: try BrokerAddress.parseList(bootstrapServers), clientID: clientID,
                  connectTimeout: connectTimeout, requestTimeout: requestTimeout, security: security)
    }

    /// The metadata known now, without asking a broker.
    public var cachedMetadata: MetadataSnapshot { snapshot }

    // MARK: Connections

    /// A live connection to some broker: an open broker connection, else the bootstrap servers in turn.
    /// - Throws: `KafkaClientError.noBrokerAvailable` when none can be reached.
    public func anyConnection() async throws -> BrokerConnection {
        guard !closed else { throw KafkaClientError.closed }
        if let open = connections.values.first(where: \.isActive) { return open }
        if let bootstrapConnection, bootstrapConnection.isActive { return bootstrapConnection }
        var failures: [String] = []
        // Known brokers first (the bootstrap list may name a broker that has gone), then bootstrap servers.
        let candidates = snapshot.brokers.sorted { $0.key < $1.key }.map(\.value) + bootstrapServers
        for address in candidates {
            do {
                let connection = try await BrokerConnection.open(address, clientID: clientID, timeout: connectTimeout,
                                                                 requestTimeout: requestTimeout, security: security)
                if let bootstrapConnection, bootstrapConnection.isActive {
                    await connection.close()
                    return bootstrapConnection
                }
                bootstrapConnection = connection
                return connection
            } catch {
                failures.append("\(address): \(error)")
            }
        }
        throw KafkaClientError.noBrokerAvailable(failures.joined(separator: "; "))
    }

    /// The connection to broker `id`, opened when needed.
    /// - Throws: `KafkaClientError.noBrokerAvailable` when the broker is unknown or cannot be reached.
    public func connection(to id: BrokerID) async throws -> BrokerConnection {
        guard !closed else { throw KafkaClientError.closed }
        if let open = connections[id], open.isActive { return open }
        if let pending = pendingConnections[id] { return try await pending.value }
        if snapshot.brokers[id] == nil { _ = try await refreshMetadata(topics: []) }
        guard let address = snapshot.brokers[id] else {
            throw KafkaClientError.noBrokerAvailable("broker \(id) is not in the cluster metadata")
        }
        let clientID = clientID, timeout = connectTimeout, requestTimeout = requestTimeout, security = security
        let task = Task {
            try await BrokerConnection.open(address, clientID: clientID, timeout: timeout, requestTimeout: requestTimeout,
                                            security: security)
        }
        pendingConnections[id] = task
        defer { pendingConnections[id] = nil }
        do {
            let connection = try await task.value
            if let previous = connections[id], previous !== connection { await previous.close() }
            connections[id] = connection
            return connection
        } catch {
            throw KafkaClientError.noBrokerAvailable("broker \(id) at \(address): \(error)")
        }
    }

    /// Forgets a broker's connection after a failure on it, so the next request reconnects, and marks the
    /// metadata stale (the broker may have gone and its partitions moved).
    public func connectionFailed(to id: BrokerID) async {
        if let connection = connections.removeValue(forKey: id) { await connection.close() }
        staleTopics.formUnion(snapshot.topics.keys)
    }

    /// The connection to the active controller (where Kafka sends CreateTopics, DeleteTopics, CreatePartitions).
    public func controllerConnection() async throws -> BrokerConnection {
        var controller = snapshot.controllerID
        if controller == .none { controller = try await refreshMetadata(topics: []).controllerID }
        guard controller != .none else { throw KafkaClientError.noBrokerAvailable("no active controller") }
        return try await connection(to: controller)
    }

    // MARK: Metadata

    /// Asks a broker for metadata: of `topics`, or of every topic when nil. The answer is merged into the cache.
    /// - Parameter allowAutoTopicCreation: lets the broker create missing topics (Metadata v4+).
    public func refreshMetadata(topics: [TopicName]?, allowAutoTopicCreation: Bool = false) async throws
        -> MetadataSnapshot
    {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let connection = try await anyConnection()
            do {
                let version = try connection.versions.version(for: MetadataRequest.self)
                // v0 has no "all topics" null; an empty list there means all, so ask for none only from v1.
                let requested: [MetadataRequest.MetadataRequestTopic]? =
                    topics.map { $0.map { MetadataRequest.MetadataRequestTopic(name: $0) } }
                let request = MetadataRequest(topics: version == 0 ? (requested ?? []) : requested,
                                              allowAutoTopicCreation: allowAutoTopicCreation)
                let response = try await connection.send(request, version: version, timeout: requestTimeout)
                let fresh = MetadataSnapshot(response)
                snapshot = topics == nil ? fresh : snapshot.merging(fresh)
                staleTopics.subtract(fresh.topics.keys)
                if topics == nil { staleTopics = [] }
                return snapshot
            } catch let error as KafkaClientError where error == .noCommonVersion(api: "\(ApiKey.metadata)") {
                throw error
            } catch {
                lastError = error
                await dropConnection(connection)
            }
        }
        throw lastError ?? KafkaClientError.noBrokerAvailable("metadata request failed")
    }

    /// Metadata covering `topics`, from the cache when every topic is known and fresh, else from a broker.
    public func metadata(for topics: [TopicName], allowAutoTopicCreation: Bool = false) async throws
        -> MetadataSnapshot
    {
        let missing = topics.filter { snapshot.topics[$0] == nil || staleTopics.contains($0) }
        if missing.isEmpty && !topics.isEmpty { return snapshot }
        return try await refreshMetadata(topics: topics, allowAutoTopicCreation: allowAutoTopicCreation)
    }

    /// Marks a topic's metadata stale: the next `metadata(for:)` asks a broker again.
    public func invalidate(topic: TopicName) {
        staleTopics.insert(topic)
    }

    /// Marks every topic stale.
    public func invalidateAll() {
        staleTopics.formUnion(snapshot.topics.keys)
    }

    /// Closes every connection.
    public func close() async {
        closed = true
        for connection in connections.values { await connection.close() }
        connections = [:]
        await bootstrapConnection?.close()
        bootstrapConnection = nil
    }

    private func dropConnection(_ connection: BrokerConnection) async {
        await connection.close()
        if bootstrapConnection === connection { bootstrapConnection = nil }
        for (id, open) in connections where open === connection { connections[id] = nil }
    }
}
