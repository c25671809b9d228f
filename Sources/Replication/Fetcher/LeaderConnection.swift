import KafkaClient
import KafkaProtocol

/// What a replica fetcher needs of its connection to the leader: request/response, liveness, close. A
/// `KafkaConnection` in the broker; an in-memory leader in the layer's tests.
public protocol LeaderConnection: AnyObject, Sendable {
    /// Sends `request` and waits up to `timeout` for its response; at the timeout the connection closes.
    func send<Request: KafkaRequestMessage>(_ request: Request, version: Int16, timeout: Duration) async throws
        -> Request.Response
    var isActive: Bool { get }
    func close() async
}

extension KafkaConnection: LeaderConnection {}
