import Controller
import KafkaModel
import KafkaProtocol
import Logging

/// The stopping broker's side of controlled shutdown: asks the controller to move its leaderships away and
/// retries (`controlled.shutdown.max.retries`, `.retry.backoff.ms`) while the controller cannot be reached or
/// reports partitions it still leads — then the broker stops anyway, as Kafka does.
struct ControlledShutdownClient {
    let brokerID: BrokerID
    let brokerEpoch: Int64
    let metadata: MetadataCache
    let connections: BrokerConnections
    let logger: Logger
    let maxRetries: Int
    let backoff: Duration
    let localController: Controller
    /// The listener brokers reach each other on (`inter.broker.listener.name`): the controller accepts
    /// ControlledShutdown there when an operator dedicates listeners.
    let listenerName: String
    /// Whether this broker leads any partition now.
    let leadsPartitions: @Sendable () -> Bool

    func run() async {
        for attempt in 0...maxRetries {
            if attempt > 0 { try? await Task.sleep(for: backoff) }
            do {
                let remaining = try await attemptOnce()
                if remaining.isEmpty {
                    logger.info("controlled shutdown succeeded")
                    return
                }
                logger.warning("controlled shutdown: partitions still led here",
                               metadata: ["partitions": "\(remaining)", "attempt": "\(attempt + 1)"])
                // Partitions with no other in-sync replica cannot move; retrying will not help them.
                return
            } catch ControlRequestError.noEndpoint(let controller) where !leadsPartitions() {
                // A broker stopped right after it started may not have heard from the controller yet; leading
                // nothing, it has nothing to hand over, and its deregistration tells the controller the rest.
                logger.info("controlled shutdown skipped: no controller endpoint known yet and no partition led here",
                            metadata: ["controller": "\(controller)"])
                return
            } catch {
                logger.warning("controlled shutdown attempt failed",
                               metadata: ["error": "\(error)", "attempt": "\(attempt + 1)"])
            }
        }
        logger.warning("controlled shutdown did not complete; shutting down anyway")
    }

    private func attemptOnce() async throws -> [TopicPartition] {
        if localController.isActive {
            let remaining = try await localController.controlledShutdown(of: brokerID)
            // This broker's controller is about to resign with the shutdown: let the new leaders hear of their
            // leadership first.
            await localController.drainRequests(within: .seconds(5))
            return remaining
        }
        let snapshot = metadata.snapshot
        guard let controller = snapshot.brokers[snapshot.controllerID]?.on(listener: listenerName) else {
            throw ControlRequestError.noEndpoint(snapshot.controllerID)
        }
        let connection = try await connections.connection(host: controller.host, port: controller.port,
                                                          listener: listenerName)
        let response = try await connection.send(
            ControlledShutdownRequest(brokerID: brokerID, brokerEpoch: brokerEpoch), version: 3)
        guard response.errorCode == .none else {
            await connections.discard(host: controller.host, port: controller.port)
            throw ControlRequestError.refused(response.errorCode.name)
        }
        return response.remainingPartitions.map { TopicPartition($0.topicName, PartitionIndex($0.partitionIndex)) }
    }
}
