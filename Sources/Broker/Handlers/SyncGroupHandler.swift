import GroupCoordinator
import KafkaProtocol
import NIOCore

/// SyncGroup (14): the leader hands in the assignment, every member gets its own share.
/// v3+ carries `group.instance.id`; v5+ the protocol type and name, checked against the group's.
struct SyncGroupHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...5
    let coordinator: GroupCoordinator

    func handle(_ request: SyncGroupRequest, context: RequestContext) async -> SyncGroupResponse? {
        guard context.authorize(.read, .group, request.groupID) else {
            return SyncGroupResponse(errorCode: .groupAuthorizationFailed)
        }
        let version = context.apiVersion
        let assignments = Dictionary(request.assignments.map { ($0.memberID, $0.assignment) },
                                     uniquingKeysWith: { _, last in last })
        let result = await coordinator.syncGroup(GroupSyncRequest(
            groupID: request.groupID, generationID: request.generationID, memberID: request.memberID,
            groupInstanceID: version >= 3 ? request.groupInstanceID : nil,
            protocolType: version >= 5 ? request.protocolType : nil,
            protocolName: version >= 5 ? request.protocolName : nil,
            assignments: assignments))
        return SyncGroupResponse(
            errorCode: KafkaErrorCode(result.error), protocolType: result.protocolType,
            protocolName: result.protocolName, assignment: result.assignment)
    }
}
