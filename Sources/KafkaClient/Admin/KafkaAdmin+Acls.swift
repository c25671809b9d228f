import KafkaModel
import KafkaProtocol

extension KafkaAdmin {
    /// Creates ACLs (CreateAcls v1); one result per binding, in order.
    public func createAcls(_ bindings: [AclBinding]) async throws -> [AdminResult] {
        let response = try await cluster.anyConnection().send(CreateAclsRequest(creations: bindings.map {
            .init(resourceType: $0.pattern.resourceType.rawValue, resourceName: $0.pattern.name,
                  resourcePatternType: $0.pattern.patternType.rawValue, principal: $0.entry.principal,
                  host: $0.entry.host, operation: $0.entry.operation.rawValue,
                  permissionType: $0.entry.permission.rawValue)
        }))
        guard response.results.count == bindings.count else { throw KafkaClientError.unexpectedResponse }
        return zip(bindings, response.results).map { binding, result in
            AdminResult(name: "\(binding.pattern)", errorCode: result.errorCode, errorMessage: result.errorMessage)
        }
    }

    /// The ACLs `filter` matches (DescribeAcls v1).
    /// - Throws: `KafkaClientError.brokerError` for the request's error (SECURITY_DISABLED without an authorizer).
    public func describeAcls(_ filter: AclBindingFilter) async throws -> [AclBinding] {
        let response = try await cluster.anyConnection().send(DescribeAclsRequest(
            resourceTypeFilter: filter.resourceType.rawValue, resourceNameFilter: filter.name,
            patternTypeFilter: filter.patternType.rawValue, principalFilter: filter.principal,
            hostFilter: filter.host, operation: filter.operation.rawValue, permissionType: filter.permission.rawValue))
        try AdminResult(name: "", errorCode: response.errorCode, errorMessage: response.errorMessage)
            .check(.describeAcls)
        return response.resources.flatMap { resource in
            resource.acls.compactMap { acl -> AclBinding? in
                guard let type = AclResourceType(rawValue: resource.resourceType),
                      let patternType = AclPatternType(rawValue: resource.patternType),
                      let operation = AclOperation(rawValue: acl.operation),
                      let permission = AclPermissionType(rawValue: acl.permissionType)
                else { return nil }
                return AclBinding(ResourcePattern(type, resource.resourceName, patternType),
                                  AccessControlEntry(principal: acl.principal, host: acl.host, operation: operation,
                                                     permission: permission))
            }
        }
    }

    /// Deletes the ACLs each filter matches (DeleteAcls v1); returns those deleted.
    /// - Throws: `KafkaClientError.brokerError` for the first filter or deletion that failed.
    public func deleteAcls(_ filters: [AclBindingFilter]) async throws -> [AclBinding] {
        let response = try await cluster.anyConnection().send(DeleteAclsRequest(filters: filters.map { filter in
            .init(resourceTypeFilter: filter.resourceType.rawValue, resourceNameFilter: filter.name,
                  patternTypeFilter: filter.patternType.rawValue, principalFilter: filter.principal,
                  hostFilter: filter.host, operation: filter.operation.rawValue,
                  permissionType: filter.permission.rawValue)
        }))
        var deleted: [AclBinding] = []
        for result in response.filterResults {
            try AdminResult(name: "", errorCode: result.errorCode, errorMessage: result.errorMessage)
                .check(.deleteAcls)
            for acl in result.matchingAcls {
                try AdminResult(name: acl.resourceName, errorCode: acl.errorCode, errorMessage: acl.errorMessage)
                    .check(.deleteAcls)
                guard let type = AclResourceType(rawValue: acl.resourceType),
                      let patternType = AclPatternType(rawValue: acl.patternType),
                      let operation = AclOperation(rawValue: acl.operation),
                      let permission = AclPermissionType(rawValue: acl.permissionType)
                else { continue }
                deleted.append(AclBinding(ResourcePattern(type, acl.resourceName, patternType),
                                          AccessControlEntry(principal: acl.principal, host: acl.host,
                                                             operation: operation, permission: permission)))
            }
        }
        return deleted
    }
}
