import KafkaProtocol

/// The entity types of DescribeClientQuotas and AlterClientQuotas, and their mapping onto `ClientQuotaEntity`.
enum ClientQuotaEntityType {
    static let user = "user"
    static let clientID = "client-id"

    /// Why a request's entity cannot be one.
    struct Refusal: Error {
        let message: String
    }

    /// The entity a request names (a nil name is the `<default>` entity), or why it cannot be one.
    static func entity(_ parts: [(type: String, name: String?)]) -> Result<ClientQuotaEntity, Refusal> {
        var entity = ClientQuotaEntity()
        for (type, name) in parts {
            let part: ClientQuotaEntity.Part = name.map { .name($0) } ?? .defaultEntity
            switch type {
            case user where entity.user == nil: entity.user = part
            case clientID where entity.clientID == nil: entity.clientID = part
            case user, clientID: return .failure(Refusal(message: "Duplicate \(type) found in entity"))
            default:
                return .failure(Refusal(message: "Unsupported quota entity type \(type): only user and client-id"))
            }
        }
        // An empty name would be the entity type's own folder in ZooKeeper.
        if case .name("")? = entity.user { return .failure(Refusal(message: "Empty user name")) }
        if case .name("")? = entity.clientID { return .failure(Refusal(message: "Empty client id")) }
        guard entity.configPath != nil else { return .failure(Refusal(message: "Invalid empty client quota entity")) }
        return .success(entity)
    }

    /// The entity as the responses list it: (type, name), nil for `<default>`.
    static func parts(_ entity: ClientQuotaEntity) -> [(type: String, name: String?)] {
        func name(_ part: ClientQuotaEntity.Part) -> String? {
            if case .name(let name) = part { return name }
            return nil
        }
        var parts: [(type: String, name: String?)] = []
        if let userPart = entity.user { parts.append((user, name(userPart))) }
        if let clientPart = entity.clientID { parts.append((clientID, name(clientPart))) }
        return parts
    }
}

/// DescribeClientQuotas (48): the quota entities matching the filter, read from ZooKeeper (not from this broker's
/// copy, so a describe right after an alter sees it), as Kafka 2.8 answers from ZooKeeper.
struct DescribeClientQuotasHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...1
    let store: any ClientQuotaStore

    /// Kafka's `ClientQuotaFilterComponent` match types.
    enum MatchType: Int8 { case exact = 0, defaultEntity = 1, specified = 2 }

    private struct Filter {
        var type: String
        var match: MatchType
        var name: String?
    }

    func handle(_ request: DescribeClientQuotasRequest, context: RequestContext) async
        -> DescribeClientQuotasResponse?
    {
        guard context.authorizeCluster(.describeConfigs) else {
            return DescribeClientQuotasResponse(errorCode: .clusterAuthorizationFailed,
                                                errorMessage: "Cluster authorization failed.", entries: nil)
        }
        var filters: [Filter] = []
        for component in request.components {
            guard let match = MatchType(rawValue: component.matchType) else {
                return refused("Unexpected match type \(component.matchType)")
            }
            guard [ClientQuotaEntityType.user, ClientQuotaEntityType.clientID].contains(component.entityType) else {
                return refused("Unsupported quota entity type \(component.entityType)")
            }
            guard !filters.contains(where: { $0.type == component.entityType }) else {
                return refused("Duplicate filter component entity type \(component.entityType)")
            }
            if match == .exact, component.match == nil { return refused("Exact match requires a name") }
            filters.append(Filter(type: component.entityType, match: match, name: component.match))
        }
        let stored: [String: [String: String]]
        do {
            stored = try await store.quotaConfigs()
        } catch {
            return DescribeClientQuotasResponse(throttleTimeMs: 0, errorCode: .unknownServerError,
                                                errorMessage: "\(error)", entries: nil)
        }
        let (quotas, _) = ClientQuotaManager.parse(stored)
        var entries: [DescribeClientQuotasResponse.EntryData] = []
        for (entity, values) in quotas where Self.matches(entity, filters, strict: request.strict) {
            entries.append(.init(
                entity: ClientQuotaEntityType.parts(entity).map { .init(entityType: $0.type, entityName: $0.name) },
                values: values.sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { .init(key: $0.key.rawValue, value: $0.value) }))
        }
        entries.sort { "\($0.entity.map { "\($0.entityType)=\($0.entityName ?? "")" })"
            < "\($1.entity.map { "\($0.entityType)=\($0.entityName ?? "")" })" }
        return DescribeClientQuotasResponse(throttleTimeMs: 0, errorCode: .none, errorMessage: nil, entries: entries)
    }

    private func refused(_ message: String) -> DescribeClientQuotasResponse {
        DescribeClientQuotasResponse(throttleTimeMs: 0, errorCode: .invalidRequest, errorMessage: message,
                                     entries: nil)
    }

    private static func matches(_ entity: ClientQuotaEntity, _ filters: [Filter], strict: Bool) -> Bool {
        let parts = Dictionary(uniqueKeysWithValues: ClientQuotaEntityType.parts(entity).map { ($0.type, $0.name) })
        for filter in filters {
            guard let name = parts[filter.type] else { return false }
            switch filter.match {
            case .exact: guard name == filter.name else { return false }
            case .defaultEntity: guard name == nil else { return false }
            case .specified: guard name != nil else { return false }
            }
        }
        return !strict || parts.count == filters.count
    }
}

/// AlterClientQuotas (49): sets or removes quota keys of user, client-id and user+client-id entities in their
/// znodes, each write announced by a config-change notification, as Kafka 2.8 does.
struct AlterClientQuotasHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...1
    let store: any ClientQuotaStore

    typealias EntryResult = AlterClientQuotasResponse.EntryData

    func handle(_ request: AlterClientQuotasRequest, context: RequestContext) async -> AlterClientQuotasResponse? {
        guard context.authorizeCluster(.alterConfigs) else {
            return AlterClientQuotasResponse(throttleTimeMs: 0, entries: request.entries.map { entry in
                EntryResult(errorCode: .clusterAuthorizationFailed, errorMessage: "Cluster authorization failed.",
                            entity: entry.entity.map { .init(entityType: $0.entityType, entityName: $0.entityName) })
            })
        }
        var results: [EntryResult] = []
        for entry in request.entries {
            let (code, message) = await alter(entry, validateOnly: request.validateOnly)
            results.append(EntryResult(errorCode: code, errorMessage: message, entity: entry.entity.map {
                .init(entityType: $0.entityType, entityName: $0.entityName)
            }))
        }
        return AlterClientQuotasResponse(throttleTimeMs: 0, entries: results)
    }

    private func alter(_ entry: AlterClientQuotasRequest.EntryData, validateOnly: Bool) async
        -> (KafkaErrorCode, String?)
    {
        let entity: ClientQuotaEntity
        switch ClientQuotaEntityType.entity(entry.entity.map { ($0.entityType, $0.entityName) }) {
        case .failure(let refusal): return (.invalidRequest, refusal.message)
        case .success(let named): entity = named
        }
        guard let path = entity.configPath else { return (.invalidRequest, "Invalid empty client quota entity") }
        for op in entry.ops where !op.remove {
            if let problem = Self.problem(key: op.key, value: op.value) { return (.invalidRequest, problem) }
        }
        if let unknown = entry.ops.first(where: { ClientQuotaType(rawValue: $0.key) == nil }) {
            return (.invalidRequest, "Invalid configuration key \(unknown.key)")
        }
        do {
            var config = try await store.quotaConfig(path)
            for op in entry.ops {
                config[op.key] = op.remove ? nil : Self.text(op.value, for: op.key)
            }
            if !validateOnly { try await store.setQuotaConfig(path, config) }
            return (.none, nil)
        } catch {
            return (.unknownServerError, "\(error)")
        }
    }

    /// Kafka's checks: the byte rates are whole numbers (Kafka stores them as longs), every quota is positive.
    static func problem(key: String, value: Double) -> String? {
        guard let type = ClientQuotaType(rawValue: key) else { return "Invalid configuration key \(key)" }
        guard value.isFinite, value > 0 else { return "\(key) must be a positive number, not \(value)" }
        if type != .request, value.rounded() != value || value >= Double(Int64.max) {
            return "Configuration \(key) must be a Long value"
        }
        return nil
    }

    /// The value as Kafka writes it to the znode: a long for the byte rates, a double for the percentage.
    static func text(_ value: Double, for key: String) -> String {
        if ClientQuotaType(rawValue: key) != .request, let whole = Int64(exactly: value) { return String(whole) }
        return String(value)
    }
}
