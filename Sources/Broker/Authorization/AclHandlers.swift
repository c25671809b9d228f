import KafkaModel
import KafkaProtocol
import Logging

/// CreateAcls (30), DescribeAcls (29) and DeleteAcls (31), as Kafka 2.8's `KafkaApis` and `AclAuthorizer` serve
/// them: SECURITY_DISABLED without an authorizer; CLUSTER ALTER to change ACLs and CLUSTER DESCRIBE to list them
/// (CLUSTER_AUTHORIZATION_FAILED otherwise); a creation or filter Kafka would refuse gets INVALID_REQUEST alone.
/// Version 0 knows only literal patterns.
enum AclHandlers {
    static func handlers(authorizer: AclAuthorizer, store: ZooKeeperAclStore) -> [RegisteredHandler] {
        [
            RegisteredHandler(DescribeAclsHandler(authorizer: authorizer)),
            RegisteredHandler(CreateAclsHandler(authorizer: authorizer, store: store)),
            RegisteredHandler(DeleteAclsHandler(authorizer: authorizer, store: store)),
        ]
    }

    static let logger = Logger(label: "tributary.request.authorizer")

    /// Why a DescribeAcls or DeleteAcls filter is refused (INVALID_REQUEST).
    struct FilterRefusal: Error {
        let reason: String
    }

    /// The filter a DescribeAcls or DeleteAcls names (version 0 knows literal patterns only), or why it is refused.
    static func filter(_ fields: some AclFilterFields, version: Int16) -> Result<AclBindingFilter, FilterRefusal> {
        let patternCode = version == 0 ? AclPatternType.literal.rawValue : fields.patternTypeFilter
        guard let type = AclResourceType(rawValue: fields.resourceTypeFilter),
              let pattern = AclPatternType(rawValue: patternCode),
              let op = AclOperation(rawValue: fields.operation),
              let permission = AclPermissionType(rawValue: fields.permissionType)
        else { return .failure(FilterRefusal(reason: "unknown resource type, pattern type, operation or permission code")) }
        let filter = AclBindingFilter(resourceType: type, name: fields.resourceNameFilter, patternType: pattern,
                                      principal: fields.principalFilter, host: fields.hostFilter, operation: op,
                                      permission: permission)
        if let invalidity = filter.invalidity { return .failure(FilterRefusal(reason: invalidity)) }
        return .success(filter)
    }
}

struct DescribeAclsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let authorizer: AclAuthorizer

    func handle(_ request: DescribeAclsRequest, context: RequestContext) async -> DescribeAclsResponse? {
        func failed(_ code: KafkaErrorCode, _ message: String) -> DescribeAclsResponse {
            DescribeAclsResponse(errorCode: code, errorMessage: message, resources: [])
        }
        guard authorizer.isEnabled else { return failed(.securityDisabled, "No Authorizer is configured on the broker") }
        guard context.authorizeCluster(.describe) else {
            return failed(.clusterAuthorizationFailed, "Cluster authorization failed.")
        }
        let filter: AclBindingFilter
        switch AclHandlers.filter(request, version: context.apiVersion) {
        case .success(let valid): filter = valid
        case .failure(let refusal): return failed(.invalidRequest, refusal.reason)
        }
        var byPattern: [ResourcePattern: [AccessControlEntry]] = [:]
        for binding in authorizer.bindings(matching: filter) { byPattern[binding.pattern, default: []].append(binding.entry) }
        let resources = byPattern.sorted { "\($0.key)" < "\($1.key)" }.map { pattern, entries in
            DescribeAclsResponse.DescribeAclsResource(
                resourceType: pattern.resourceType.rawValue, resourceName: pattern.name,
                patternType: pattern.patternType.rawValue,
                acls: entries.sorted { "\($0)" < "\($1)" }.map {
                    DescribeAclsResponse.AclDescription(principal: $0.principal, host: $0.host,
                                                        operation: $0.operation.rawValue,
                                                        permissionType: $0.permission.rawValue)
                })
        }
        return DescribeAclsResponse(errorCode: .none, errorMessage: nil, resources: resources)
    }
}

struct CreateAclsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let authorizer: AclAuthorizer
    let store: ZooKeeperAclStore

    func handle(_ request: CreateAclsRequest, context: RequestContext) async -> CreateAclsResponse? {
        func all(_ code: KafkaErrorCode, _ message: String) -> CreateAclsResponse {
            CreateAclsResponse(results: request.creations.map { _ in .init(errorCode: code, errorMessage: message) })
        }
        guard authorizer.isEnabled else { return all(.securityDisabled, "No Authorizer is configured on the broker") }
        guard context.authorizeCluster(.alter) else { return all(.clusterAuthorizationFailed, "Cluster authorization failed.") }
        var results: [CreateAclsResponse.AclCreationResult] = []
        for creation in request.creations {
            let patternCode = context.apiVersion == 0 ? AclPatternType.literal.rawValue : creation.resourcePatternType
            guard let type = AclResourceType(rawValue: creation.resourceType),
                  let patternType = AclPatternType(rawValue: patternCode),
                  let operation = AclOperation(rawValue: creation.operation),
                  let permission = AclPermissionType(rawValue: creation.permissionType)
            else {
                results.append(.init(errorCode: .invalidRequest, errorMessage: "Invalid ACL creation: unknown code"))
                continue
            }
            let pattern = ResourcePattern(type, creation.resourceName, patternType)
            let entry = AccessControlEntry(principal: creation.principal, host: creation.host, operation: operation,
                                           permission: permission)
            if let invalidity = pattern.invalidity ?? entry.invalidity {
                results.append(.init(errorCode: .invalidRequest, errorMessage: "Invalid ACL creation: \(invalidity)"))
                continue
            }
            do {
                try await store.add([entry], to: pattern)
                authorizer.update(pattern, authorizer.entries(of: pattern).union([entry]))
                AclHandlers.logger.info("ACL created", metadata: [
                    "resource": "\(pattern)", "acl": "\(entry)", "by": "\(context.session.principal)"])
                results.append(.init(errorCode: .none, errorMessage: nil))
            } catch {
                AclHandlers.logger.warning("ACL not created", metadata: ["resource": "\(pattern)", "error": "\(error)"])
                results.append(.init(errorCode: .unknownServerError, errorMessage: "\(error)"))
            }
        }
        return CreateAclsResponse(results: results)
    }
}

struct DeleteAclsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let authorizer: AclAuthorizer
    let store: ZooKeeperAclStore

    func handle(_ request: DeleteAclsRequest, context: RequestContext) async -> DeleteAclsResponse? {
        func all(_ code: KafkaErrorCode, _ message: String) -> DeleteAclsResponse {
            DeleteAclsResponse(filterResults: request.filters.map { _ in
                .init(errorCode: code, errorMessage: message, matchingAcls: [])
            })
        }
        guard authorizer.isEnabled else { return all(.securityDisabled, "No Authorizer is configured on the broker") }
        guard context.authorizeCluster(.alter) else { return all(.clusterAuthorizationFailed, "Cluster authorization failed.") }
        var results: [DeleteAclsResponse.DeleteAclsFilterResult] = []
        for requested in request.filters {
            let filter: AclBindingFilter
            switch AclHandlers.filter(requested, version: context.apiVersion) {
            case .success(let valid): filter = valid
            case .failure(let refusal):
                results.append(.init(errorCode: .invalidRequest, errorMessage: refusal.reason, matchingAcls: []))
                continue
            }
            var matching: [DeleteAclsResponse.DeleteAclsMatchingAcl] = []
            let patterns = Set(authorizer.bindings(matching: filter).map(\.pattern))
            for pattern in patterns.sorted(by: { "\($0)" < "\($1)" }) {
                do {
                    let removed = try await store.remove(matching: filter, from: pattern)
                    authorizer.update(pattern, authorizer.entries(of: pattern).subtracting(removed))
                    for entry in removed.sorted(by: { "\($0)" < "\($1)" }) {
                        AclHandlers.logger.info("ACL deleted", metadata: [
                            "resource": "\(pattern)", "acl": "\(entry)", "by": "\(context.session.principal)"])
                        matching.append(.init(errorCode: .none, errorMessage: nil,
                                              resourceType: pattern.resourceType.rawValue, resourceName: pattern.name,
                                              patternType: pattern.patternType.rawValue, principal: entry.principal,
                                              host: entry.host, operation: entry.operation.rawValue,
                                              permissionType: entry.permission.rawValue))
                    }
                } catch {
                    AclHandlers.logger.warning("ACLs not deleted", metadata: ["resource": "\(pattern)", "error": "\(error)"])
                    for entry in authorizer.entries(of: pattern) where filter.matches(entry) {
                        matching.append(.init(errorCode: .unknownServerError, errorMessage: "\(error)",
                                              resourceType: pattern.resourceType.rawValue, resourceName: pattern.name,
                                              patternType: pattern.patternType.rawValue, principal: entry.principal,
                                              host: entry.host, operation: entry.operation.rawValue,
                                              permissionType: entry.permission.rawValue))
                    }
                }
            }
            results.append(.init(errorCode: .none, errorMessage: nil, matchingAcls: matching))
        }
        return DeleteAclsResponse(filterResults: results)
    }
}

/// The filter fields DescribeAcls and DeleteAcls share (same names in both schemas).
protocol AclFilterFields {
    var resourceTypeFilter: Int8 { get }
    var resourceNameFilter: String? { get }
    var patternTypeFilter: Int8 { get }
    var principalFilter: String? { get }
    var hostFilter: String? { get }
    var operation: Int8 { get }
    var permissionType: Int8 { get }
}

extension DescribeAclsRequest: AclFilterFields {}
extension DeleteAclsRequest.DeleteAclsFilter: AclFilterFields {}
