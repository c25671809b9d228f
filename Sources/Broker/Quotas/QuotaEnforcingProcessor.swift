import KafkaProtocol
import NIOCore

/// Enforces client quotas around the request router, as Kafka 2.8 does (KIP-13, KIP-124, KIP-219): Produce request
/// bytes count toward `producer_byte_rate`, consumer Fetch response bytes toward `consumer_byte_rate`, and the time
/// each request takes toward `request_percentage`. A client over a quota gets its answer at once, carrying the
/// throttle time in `throttle_time_ms` (the larger of the two when both are exceeded), and its connection is then
/// not read for that long (`RequestOutcome.throttled`), so a client that ignores the field is held back anyway.
///
/// Without any quota configured a request passes straight through, untouched.
///
/// Not as Kafka: a throttled fetch still carries its records (Kafka answers it empty and takes the bytes back), so
/// a consumer's rate converges on its quota by the muting alone. Request time is the time until the answer is
/// ready, except for requests that wait by design (Fetch, Produce, JoinGroup, SyncGroup, …) whose waiting is not
/// work: for those only the time spent before the wait counts.
final class QuotaEnforcingProcessor: RequestProcessing {
    private let inner: any RequestProcessing
    private let quotas: ClientQuotaManager
    private let nowMs: @Sendable () -> Int64

    init(_ inner: any RequestProcessing, quotas: ClientQuotaManager, nowMs: @escaping @Sendable () -> Int64) {
        self.inner = inner
        self.quotas = quotas
        self.nowMs = nowMs
    }

    func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                 eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome>
    {
        guard !quotas.isEmpty, let request = Self.describe(frame) else {
            return inner.process(frame: frame, peer: peer, listener: listener, session: session, allocator: allocator,
                                 eventLoop: eventLoop)
        }
        let started = NIODeadline.now()
        let outcome = inner.process(frame: frame, peer: peer, listener: listener, session: session, allocator: allocator,
                                    eventLoop: eventLoop)
        let beforeWait = NIODeadline.now() - started
        let quotas = self.quotas, nowMs = self.nowMs
        return outcome.map { outcome in
            let now = nowMs()
            let clientID = request.header.clientID ?? ""
            func record(_ type: ClientQuotaType, _ value: Double) -> Int64 {
                quotas.record(type, user: session.principal.name, clientID: clientID, value: value, nowMs: now)
            }
            var throttle: Int64 = 0
            switch request.header.apiKey {
            case .produce:
                throttle = record(.produce, Double(frame.readableBytes))
            case .fetch where !request.isFollowerFetch:
                throttle = record(.fetch, Double(Self.size(of: outcome)))
            default:
                break
            }
            let worked = KafkaConnectionHandler.needsPermit(frame) ? NIODeadline.now() - started : beforeWait
            // Kafka's unit: percent of one thread's second.
            throttle = max(throttle, record(.request, Double(worked.nanoseconds) * 100 / 1_000_000_000))
            guard throttle > 0 else { return outcome }
            let milliseconds = Int32(clamping: throttle)
            return .throttled(Self.stamp(outcome, request.header, milliseconds), milliseconds: Int(milliseconds))
        }
    }

    private struct Described {
        var header: RequestHeader
        var isFollowerFetch: Bool
    }

    /// The header, and for a fetch whether a broker sent it; nil for requests quotas never apply to (the
    /// controller's and a broker's own) or that do not decode (the router closes their connection).
    private static func describe(_ frame: ByteBuffer) -> Described? {
        var body = frame
        guard let header = try? RequestHeader(from: &body) else { return nil }
        switch header.apiKey {
        case .leaderAndIsr, .stopReplica, .updateMetadata, .controlledShutdown:
            return nil
        case .fetch:
            let replicaID = body.readInteger(as: Int32.self) ?? -1
            return Described(header: header, isFollowerFetch: replicaID >= 0)
        default:
            return Described(header: header, isFollowerFetch: false)
        }
    }

    private static func size(of outcome: RequestOutcome) -> Int {
        switch outcome {
        case .respond(let buffer): buffer.readableBytes
        case .respondParts(let parts, _): parts.reduce(0) { $0 + $1.readableBytes }
        case .noResponse, .close: 0
        case .throttled(let inner, _): size(of: inner)
        }
    }

    /// The outcome with the throttle time written into its response.
    private static func stamp(_ outcome: RequestOutcome, _ header: RequestHeader, _ throttleMs: Int32)
        -> RequestOutcome
    {
        switch outcome {
        case .respond(var buffer):
            ThrottleTimeField.raise(in: &buffer, api: header.apiKey, version: header.apiVersion, to: throttleMs)
            return .respond(buffer)
        case .respondParts(var parts, let keepAlive):
            if case .byteBuffer(var first) = parts.first {
                ThrottleTimeField.raise(in: &first, api: header.apiKey, version: header.apiVersion, to: throttleMs)
                parts[0] = .byteBuffer(first)
            }
            return .respondParts(parts, keepAlive: keepAlive)
        case .noResponse, .close, .throttled:
            return outcome
        }
    }
}
