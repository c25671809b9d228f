import GroupCoordinator
import KafkaModel
import KafkaProtocol

/// ListGroups (16): the groups this broker coordinates; v4+ filters by state (names as Kafka spells them,
/// compared without case).
struct ListGroupsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let coordinator: GroupCoordinator

    func handle(_ request: ListGroupsRequest, context: RequestContext) async -> ListGroupsResponse? {
        var states: Set<GroupState> = []
        if context.apiVersion >= 4 {
            for name in request.statesFilter {
                guard let state = GroupState.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
                else {
                    // An unknown state matches no group.
                    return ListGroupsResponse(errorCode: .none, groups: [])
                }
                states.insert(state)
            }
        }
        let (error, all) = await coordinator.listGroups(states: states)
        // DESCRIBE on the cluster lists every group; otherwise only those the sender may describe (Kafka).
        let everything = context.authorizer.authorize(context.session, .describe, .cluster, ResourcePattern.clusterName,
                                                      logDenial: false)
        let groups = everything ? all : all.filter {
            context.authorizer.authorize(context.session, .describe, .group, $0.groupID, logDenial: false)
        }
        return ListGroupsResponse(
            errorCode: KafkaErrorCode(error),
            groups: groups.map {
                .init(groupID: $0.groupID, protocolType: $0.protocolType, groupState: $0.state.rawValue)
            })
    }
}
