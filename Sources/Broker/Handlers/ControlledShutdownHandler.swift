import Controller
import KafkaModel
import KafkaProtocol

/// ControlledShutdown (7), served by the controller: moves leadership away from a broker that is stopping and
/// answers with the partitions it still leads (no other in-sync replica could take them).
struct ControlledShutdownHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let controller: @Sendable () -> Controller?

    func handle(_ request: ControlledShutdownRequest, context: RequestContext) async -> ControlledShutdownResponse? {
        guard context.authorizeCluster(.clusterAction) else {
            return ControlledShutdownResponse(errorCode: .clusterAuthorizationFailed)
        }
        guard let controller = controller(), controller.isActive else {
            return ControlledShutdownResponse(errorCode: .notController)
        }
        do {
            // v2 added the broker epoch (KIP-380); before it, only the broker id can be checked.
            let epoch = context.apiVersion >= 2 ? request.brokerEpoch : nil
            let remaining = try await controller.controlledShutdown(of: request.brokerID, brokerEpoch: epoch)
            return ControlledShutdownResponse(errorCode: .none, remainingPartitions: remaining.map {
                .init(topicName: $0.topic, partitionIndex: $0.partition.rawValue)
            })
        } catch ControllerError.unknownBroker {
            return ControlledShutdownResponse(errorCode: .brokerNotAvailable)
        } catch ControllerError.staleBrokerEpoch {
            return ControlledShutdownResponse(errorCode: .staleBrokerEpoch)
        } catch {
            return ControlledShutdownResponse(errorCode: .notController)
        }
    }
}
