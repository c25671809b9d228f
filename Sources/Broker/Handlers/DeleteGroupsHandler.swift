import GroupCoordinator
import KafkaProtocol

/// DeleteGroups (42): removes Empty groups and their offsets (NON_EMPTY_GROUP while members remain).
struct DeleteGroupsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let coordinator: GroupCoordinator

    func handle(_ request: DeleteGroupsRequest, context: RequestContext) async -> DeleteGroupsResponse? {
        let errors = await coordinator.deleteGroups(request.groupsNames)
        return DeleteGroupsResponse(results: request.groupsNames.map {
            .init(groupID: $0, errorCode: KafkaErrorCode(errors[$0] ?? .noError))
        })
    }
}
