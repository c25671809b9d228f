import GroupCoordinator
import KafkaProtocol

/// DescribeGroups (15): state, protocol and members of groups this broker coordinates; an unknown group is
/// reported Dead without error, as Kafka does. Authorized operations (v3+) are computed when asked for
/// (`RequestContext.authorizedOperations`); otherwise Kafka's "not requested" value is sent.
struct DescribeGroupsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...5
    let coordinator: GroupCoordinator

    func handle(_ request: DescribeGroupsRequest, context: RequestContext) async -> DescribeGroupsResponse? {
        // Groups the sender may not describe are answered GROUP_AUTHORIZATION_FAILED without being looked up.
        let describable = request.groups.filter { context.authorize(.describe, .group, $0) }
        let descriptions = await coordinator.describeGroups(describable)
        let refused = request.groups.filter { !describable.contains($0) }.map {
            DescribeGroupsResponse.DescribedGroup(errorCode: .groupAuthorizationFailed, groupID: $0, groupState: "",
                                                  protocolType: "", protocolData: "", members: [])
        }
        return DescribeGroupsResponse(groups: refused + descriptions.map { group in
            .init(
                errorCode: KafkaErrorCode(group.error), groupID: group.groupID, groupState: group.state.rawValue,
                protocolType: group.protocolType, protocolData: group.protocolName,
                members: group.members.map {
                    .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, clientID: $0.clientID,
                          clientHost: $0.clientHost, memberMetadata: $0.metadata, memberAssignment: $0.assignment)
                },
                authorizedOperations: context.apiVersion >= 3 && request.includeAuthorizedOperations
                    ? context.authorizedOperations(.group, group.groupID) : Int32.min)
        })
    }
}
