import KafkaProtocol
import Logging
import NIOCore

/// Turns a request frame into a response frame: reads the header, finds the API's handler, checks the
/// version, and lets the handler answer. The single place that decides what happens to requests the broker
/// cannot serve:
/// - an unknown API key, a version outside the served range, or a malformed body closes the connection, as
///   Kafka does (the stream cannot be trusted after it);
/// - except ApiVersions at a version we do not serve, which is answered with UNSUPPORTED_VERSION and a v0 body
///   listing our ranges, so the client can retry lower (KIP-511);
/// - the controller's requests arriving on a listener not meant for them (`ListenerRoles`) close the
///   connection too.
final class RequestRouter: RequestProcessing {
    private let handlers: [Int16: RegisteredHandler]
    private let listeners: ListenerRoles
    private let authorizer: AclAuthorizer
    private let logger: Logger

    init(handlers: [RegisteredHandler], listeners: ListenerRoles = ListenerRoles(),
         authorizer: AclAuthorizer = .disabled, logger: Logger)
    {
        self.handlers = Dictionary(handlers.map { ($0.apiKey.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        self.listeners = listeners
        self.authorizer = authorizer
        self.logger = logger
    }

    /// The API ranges ApiVersions advertises: exactly the registered handlers.
    var advertisedVersions: [ApiVersionsResponse.ApiVersion] {
        handlers.values.sorted { $0.apiKey.rawValue < $1.apiKey.rawValue }.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.apiKey.rawValue, minVersion: $0.versions.lowerBound,
                                           maxVersion: $0.versions.upperBound)
        }
    }

    func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                 eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome>
    {
        var body = frame
        let header: RequestHeader
        do {
            header = try RequestHeader(from: &body)
        } catch {
            return eventLoop.makeSucceededFuture(.close(reason: "unreadable request header: \(error)"))
        }
        guard let handler = handlers[header.apiKey.rawValue] else {
            return eventLoop.makeSucceededFuture(.close(reason: "unsupported API \(header.apiKey.name)"))
        }
        if let refusal = listeners.refusal(of: header.apiKey, on: listener) {
            return eventLoop.makeSucceededFuture(.close(reason: refusal))
        }
        guard handler.versions.contains(header.apiVersion) else {
            if header.apiKey == .apiVersions {
                return eventLoop.makeSucceededFuture(.respond(unsupportedApiVersions(header, allocator: allocator)))
            }
            return eventLoop.makeSucceededFuture(
                .close(reason: "\(header.apiKey.name) v\(header.apiVersion) is not supported"))
        }
        logger.debug("request", metadata: [
            "api": "\(header.apiKey.name)", "version": "\(header.apiVersion)", "correlation id": "\(header.correlationID)",
            "client id": "\(header.clientID ?? "")", "peer": "\(peer)", "listener": "\(listener)"])
        let context = RequestContext(header: header, peer: peer, listenerName: listener,
                                     isInterBrokerListener: listeners.isInterBroker(listener), session: session,
                                     authorizer: authorizer, eventLoop: eventLoop)
        let work: @Sendable () async -> RequestOutcome
        do {
            switch try handler.serve(&body, context, allocator) {
            case .now(let outcome):
                return eventLoop.makeSucceededFuture(outcome)
            case .future(let outcome):
                return outcome.recover { error in
                    .close(reason: "\(header.apiKey.name) failed: \(error)")  // the I/O threads are shutting down
                }
            case .later(let remaining):
                work = remaining
            }
        } catch {
            return eventLoop.makeSucceededFuture(
                .close(reason: "malformed \(header.apiKey.name) v\(header.apiVersion) request: \(error)"))
        }
        // A request still running after 15 s is named in the log: it holds up every later request on its
        // connection (answers go out in order), so an operator needs to see which one it is.
        let logger = self.logger
        let watchdog = eventLoop.scheduleTask(in: .seconds(15)) {
            logger.warning("request still in progress after 15 s", metadata: [
                "api": "\(header.apiKey.name)", "version": "\(header.apiVersion)", "peer": "\(peer)",
                "correlation id": "\(header.correlationID)"])
        }
        let outcome = eventLoop.makeFutureWithTask { await work() }
        outcome.whenComplete { _ in watchdog.cancel() }
        return outcome
    }

    private func unsupportedApiVersions(_ header: RequestHeader, allocator: ByteBufferAllocator) -> ByteBuffer {
        let response = ApiVersionsResponse(errorCode: .unsupportedVersion, apiKeys: advertisedVersions,
                                           finalizedFeaturesEpoch: -1)
        var buffer = allocator.buffer(capacity: 512)
        buffer.writeKafkaFrame { $0.writeKafkaResponse(response, version: 0, correlationID: header.correlationID) }
        return buffer
    }
}

/// Which listeners carry the cluster's own traffic (`control.plane.listener.name`, `inter.broker.listener.name`
/// when set explicitly) and so which listeners the controller's requests are accepted on:
/// - neither set: every listener serves everything;
/// - control plane only: LeaderAndIsr, StopReplica and UpdateMetadata only on it;
/// - inter-broker set (with or without a control plane): those and ControlledShutdown only on the two.
/// A broker's requests sent to a client listener are refused, so a client cannot pose as the controller there.
struct ListenerRoles: Sendable, Equatable {
    var controlPlane: String?
    var interBroker: String?

    init(controlPlane: String? = nil, interBroker: String? = nil) {
        self.controlPlane = controlPlane
        self.interBroker = interBroker
    }

    init(config: BrokerConfig) {
        self.init(controlPlane: config.controlPlaneListenerName, interBroker: config.interBrokerListenerName)
    }

    /// True where inter-broker traffic belongs: everywhere when no inter-broker listener is named, else on it
    /// and on the control plane's.
    func isInterBroker(_ listener: String) -> Bool {
        interBroker == nil || listener == interBroker || listener == controlPlane
    }

    /// Why `apiKey` may not arrive on `listener`, or nil when it may.
    func refusal(of apiKey: ApiKey, on listener: String) -> String? {
        // Asked of every request: no allocation on the way to "not refused".
        guard controlPlane != nil || interBroker != nil else { return nil }
        switch apiKey {
        case .leaderAndIsr, .stopReplica, .updateMetadata: break
        case .controlledShutdown where interBroker != nil: break
        default: return nil
        }
        guard listener != controlPlane, listener != interBroker else { return nil }
        let reserved = [controlPlane, interBroker].compactMap { $0 }.joined(separator: " and ")
        return "\(apiKey.name) is refused on listener \(listener): only accepted on \(reserved)"
    }
}
