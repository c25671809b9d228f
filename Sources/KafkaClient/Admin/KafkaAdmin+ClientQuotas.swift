import KafkaProtocol

/// A client quota entity: a user, a client id, or both; a nil name is the `<default>` entity.
public struct ClientQuotaEntity: Hashable, Sendable {
    public static let user = "user"
    public static let clientID = "client-id"

    /// (entity type, name) pairs, e.g. `[("user", "alice"), ("client-id", nil)]`.
    public var parts: [Part]

    public struct Part: Hashable, Sendable {
        public var type: String
        public var name: String?

        public init(type: String, name: String?) {
            self.type = type
            self.name = name
        }
    }

    public init(_ parts: [Part]) { self.parts = parts }
}

/// DescribeClientQuotas' filter component: match a name, the default entity, or any named entity of a type.
public struct ClientQuotaFilterComponent: Hashable, Sendable {
    public enum Match: Hashable, Sendable {
        case exactly(String)
        case defaultEntity
        case anyNamed
    }

    public var entityType: String
    public var match: Match

    public init(entityType: String, match: Match) {
        self.entityType = entityType
        self.match = match
    }
}

extension KafkaAdmin {
    /// The quotas of the entities matching `components` (DescribeClientQuotas); `strict` excludes entities with
    /// entity types the components do not name.
    /// - Throws: `KafkaClientError.brokerError` for the request's error.
    public func describeClientQuotas(_ components: [ClientQuotaFilterComponent], strict: Bool) async throws
        -> [ClientQuotaEntity: [String: Double]]
    {
        let request = DescribeClientQuotasRequest(components: components.map { component in
            switch component.match {
            case .exactly(let name): .init(entityType: component.entityType, matchType: 0, match: name)
            case .defaultEntity: .init(entityType: component.entityType, matchType: 1, match: nil)
            case .anyNamed: .init(entityType: component.entityType, matchType: 2, match: nil)
            }
        }, strict: strict)
        let response = try await cluster.anyConnection().send(request)
        try AdminResult(name: "", errorCode: response.errorCode, errorMessage: response.errorMessage)
            .check(.describeClientQuotas)
        var quotas: [ClientQuotaEntity: [String: Double]] = [:]
        for entry in response.entries ?? [] {
            let entity = ClientQuotaEntity(entry.entity.map { .init(type: $0.entityType, name: $0.entityName) })
            quotas[entity] = Dictionary(entry.values.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        }
        return quotas
    }

    /// Sets (a value) or removes (nil) quota keys of one entity (AlterClientQuotas).
    public func alterClientQuotas(_ entity: ClientQuotaEntity, _ changes: [String: Double?]) async throws
        -> AdminResult
    {
        let request = AlterClientQuotasRequest(entries: [.init(
            entity: entity.parts.map { .init(entityType: $0.type, entityName: $0.name) },
            ops: changes.sorted { $0.key < $1.key }.map {
                .init(key: $0.key, value: $0.value ?? 0, remove: $0.value == nil)
            })],
            validateOnly: false)
        let response = try await cluster.anyConnection().send(request)
        guard let result = response.entries.first else { throw KafkaClientError.unexpectedResponse }
        return AdminResult(name: "", errorCode: result.errorCode, errorMessage: result.errorMessage)
    }
}
