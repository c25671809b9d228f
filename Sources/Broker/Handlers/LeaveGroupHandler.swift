import GroupCoordinator
import KafkaProtocol

/// LeaveGroup (13): members leave at once and the group rebalances without waiting for their sessions.
/// v0–v2 name one member by id (its outcome is the top-level error); v3+ list members, static ones by
/// `group.instance.id`; v5's reason is ignored.
struct LeaveGroupHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...5
    let coordinator: GroupCoordinator

    func handle(_ request: LeaveGroupRequest, context: RequestContext) async -> LeaveGroupResponse? {
        guard context.authorize(.read, .group, request.groupID) else {
            return LeaveGroupResponse(errorCode: .groupAuthorizationFailed)
        }
        let batched = context.apiVersion >= 3
        let members = batched
            ? request.members.map { GroupMemberIdentity(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID) }
            : [GroupMemberIdentity(memberID: request.memberID)]
        let result = await coordinator.leaveGroup(groupID: request.groupID, members: members)
        if !batched {
            let error = result.error != .noError ? result.error : (result.members.first?.error ?? .noError)
            return LeaveGroupResponse(errorCode: KafkaErrorCode(error))
        }
        return LeaveGroupResponse(
            errorCode: KafkaErrorCode(result.error),
            members: result.members.map {
                .init(memberID: $0.member.memberID, groupInstanceID: $0.member.groupInstanceID,
                      errorCode: KafkaErrorCode($0.error))
            })
    }
}
