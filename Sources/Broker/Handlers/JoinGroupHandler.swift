import GroupCoordinator
import KafkaProtocol

/// JoinGroup (11): held by the coordinator until the join phase of the rebalance completes.
/// v4+ asks a new member to rejoin with its id (MEMBER_ID_REQUIRED); v5+ carries `group.instance.id`;
/// v7+ the protocol type; v8's reason is only logged by Kafka and ignored here; v9's SkipAssignment is
/// always false (the leader always computes the assignment).
struct JoinGroupHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...9
    let coordinator: GroupCoordinator

    func handle(_ request: JoinGroupRequest, context: RequestContext) async -> JoinGroupResponse? {
        guard context.authorize(.read, .group, request.groupID) else {
            return JoinGroupResponse(errorCode: .groupAuthorizationFailed, generationID: -1, leader: "", memberID: "")
        }
        let version = context.apiVersion
        let result = await coordinator.joinGroup(GroupJoinRequest(
            groupID: request.groupID, memberID: request.memberID,
            groupInstanceID: version >= 5 ? request.groupInstanceID : nil,
            clientID: context.clientID, clientHost: context.clientHost,
            rebalanceTimeoutMs: version >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
            sessionTimeoutMs: request.sessionTimeoutMs, protocolType: request.protocolType,
            protocols: request.protocols.map { GroupProtocol(name: $0.name, metadata: $0.metadata) },
            requireKnownMemberID: version >= 4))
        return JoinGroupResponse(
            errorCode: KafkaErrorCode(result.error), generationID: result.generationID,
            protocolType: result.protocolType,
            // Nullable only from v7: older versions get "" as Kafka sends.
            protocolName: version >= 7 ? result.protocolName : (result.protocolName ?? ""),
            leader: result.leaderID, memberID: result.memberID,
            members: result.members.map {
                .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, metadata: $0.metadata)
            })
    }
}
