import Atomics
import CoreMetrics
import KafkaProtocol
import Metrics
import NIOCore

/// Wraps the request router to count every request per API, time it (frame taken to response ready, Kafka's
/// TotalTimeMs less the write), count the requests refused by closing the connection, and keep the number in
/// flight. The per-API metric objects are made up front for the APIs served, so a request takes no lock here.
final class MeasuredRequestProcessor: RequestProcessing {
    private struct ApiMetrics: Sendable {
        let requests: Counter
        let totalTimeMs: Recorder
    }

    private let inner: any RequestProcessing
    private let apis: [Int16: ApiMetrics]
    private let metrics: BrokerMetrics
    /// Requests taken and not yet answered, across every connection.
    let inFlight = ManagedAtomic<Int>(0)

    init(_ inner: any RequestProcessing, serving apiKeys: [ApiKey], metrics: BrokerMetrics = .shared) {
        self.inner = inner
        self.metrics = metrics
        var apis: [Int16: ApiMetrics] = [:]
        for key in apiKeys {
            let request = [("request", key.name)]
            apis[key.rawValue] = ApiMetrics(requests: Counter(label: MetricName.requests, dimensions: request),
                                            totalTimeMs: Recorder(label: MetricName.totalTimeMs, dimensions: request))
        }
        self.apis = apis
    }

    func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                 eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome>
    {
        let started = NIODeadline.now()
        let rawKey = frame.getInteger(at: frame.readerIndex, endianness: .big, as: Int16.self) ?? -1
        inFlight.wrappingIncrement(ordering: .relaxed)
        let outcome = inner.process(frame: frame, peer: peer, listener: listener, session: session, allocator: allocator,
                                    eventLoop: eventLoop)
        outcome.whenComplete { [apis, metrics, inFlight] result in
            inFlight.wrappingDecrement(ordering: .relaxed)
            if let api = apis[rawKey] {
                api.requests.increment()
                api.totalTimeMs.record(Double((NIODeadline.now() - started).nanoseconds) / 1_000_000)
            }
            switch result {
            case .success(.close), .failure:
                metrics.requestErrors(apiKey: rawKey, error: "CONNECTION_CLOSED")
            default:
                break
            }
        }
        return outcome
    }
}
