import GroupCoordinator
import KafkaProtocol

/// Heartbeat (12): keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin.
struct HeartbeatHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let coordinator: GroupCoordinator

    func handle(_ request: HeartbeatRequest, context: RequestContext) async -> HeartbeatResponse? {
        guard context.authorize(.read, .group, request.groupID) else {
            return HeartbeatResponse(errorCode: .groupAuthorizationFailed)
        }
        let error = await coordinator.heartbeat(
            groupID: request.groupID, generationID: request.generationID, memberID: request.memberID,
            groupInstanceID: context.apiVersion >= 3 ? request.groupInstanceID : nil)
        return HeartbeatResponse(errorCode: KafkaErrorCode(error))
    }
}
