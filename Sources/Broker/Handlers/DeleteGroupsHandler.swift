import GroupCoordinator
import KafkaProtocol

/// DeleteGroups (42): removes Empty groups and their offsets (NON_EMPTY_GROUP while members remain).
struct DeleteGroupsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let coordinator: GroupCoordinator

    func handle(_ request: DeleteGroupsRequest, context: RequestContext) async -> DeleteGroupsResponse? {
        let deletable = request.groupsNames.filter { context.authorize(.delete, .group, $0) }
        let errors = await coordinator.deleteGroups(deletable)
        return DeleteGroupsResponse(results: request.groupsNames.map {
            guard deletable.contains($0) else { return .init(groupID: $0, errorCode: .groupAuthorizationFailed) }
            return .init(groupID: $0, errorCode: KafkaErrorCode(errors[$0] ?? .noError))
        })
    }
}
