import KafkaClient
import KafkaModel
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Connections from this broker to other brokers (controller requests, follower fetches, controlled shutdown),
/// one per destination, opened on first use and replaced when they break; over TLS when the listener they go to
/// speaks it.
final class BrokerConnections: Sendable {
    private let clientID: String
    private let group: any EventLoopGroup
    private let security: OutgoingSecurity
    private let connections = NIOLockedValueBox<[String: KafkaConnection]>([:])
    /// Set by `closeAll`: the event loops are about to shut down, so nothing may connect any more (a request
    /// still queued by the resigning controller would otherwise schedule work on a dead event loop).
    private let closed = NIOLockedValueBox(false)

    struct Closed: Error, CustomStringConvertible {
        var description: String { "the broker is shutting down" }
    }

    init(localBroker: BrokerID, group: any EventLoopGroup, security: OutgoingSecurity = OutgoingSecurity()) {
        self.clientID = "broker-\(localBroker)"
        self.group = group
        self.security = security
    }

    /// An open connection to `host:port`, an endpoint of `listener`, connecting if needed.
    func connection(host: String, port: Int, listener: String) async throws -> KafkaConnection {
        let key = "\(host):\(port)"
        if closed.withLockedValue({ $0 }) { throw Closed() }
        if let existing = connections.withLockedValue({ $0[key] }), existing.isActive { return existing }
        let fresh = try await KafkaConnection.connect(host: host, port: port, clientID: clientID,
                                                      timeout: .seconds(5), group: group,
                                                      security: security.forListener(listener))
        let (kept, extra) = connections.withLockedValue { connections -> (KafkaConnection?, KafkaConnection?) in
            if closed.withLockedValue({ $0 }) { return (nil, fresh) }
            if let raced = connections[key], raced.isActive { return (raced, fresh) }
            // The one replaced may still be open (a SASL session at its end): close it, not leave it idle.
            defer { connections[key] = fresh }
            return (fresh, connections[key])
        }
        if let extra { await extra.close() }
        guard let kept else { throw Closed() }
        return kept
    }

    /// Drops a connection after an error so the next use reconnects.
    func discard(host: String, port: Int) async {
        let removed = connections.withLockedValue { $0.removeValue(forKey: "\(host):\(port)") }
        await removed?.close()
    }

    func closeAll() async {
        closed.withLockedValue { $0 = true }
        let all = connections.withLockedValue { connections in
            defer { connections.removeAll() }
            return Array(connections.values)
        }
        for connection in all { await connection.close() }
    }
}

/// How this broker's connections to the listeners other brokers are reached on start: the inter-broker listener
/// (follower fetches, controlled shutdown) and the controller's (its requests), with TLS when they speak it (the
/// `ssl.*` keys of the same listener here, `BrokerConfig.outgoingTLS(toListener:)`) and a SASL login when they
/// use SASL (`BrokerConfig.outgoingSaslLogin(toListener:)`). Built once at start-up.
struct OutgoingSecurity: Sendable {
    private var byListener: [String: ConnectionSecurity] = [:]

    init() {}

    /// - Throws: `TLSSettings.Invalid` when a TLS listener's truststore or keystore cannot be read,
    ///   `SaslListenerSettings.Invalid` when a SASL listener's inter-broker login cannot be made.
    init(config: BrokerConfig) throws {
        for name in Set([config.effectiveInterBrokerListenerName, config.controllerListenerName]) {
            byListener[name] = ConnectionSecurity(tls: try config.outgoingTLS(toListener: name),
                                                  sasl: try config.outgoingSaslLogin(toListener: name))
        }
    }

    /// What a connection toward `listener` does first; plaintext when it needs nothing.
    func forListener(_ listener: String) -> ConnectionSecurity { byListener[listener] ?? .plaintext }
}
