import Logging
import NIOConcurrencyHelpers
import NIOCore

/// `max.connections`, `max.connections.per.ip` and `.overrides`: counts open connections broker-wide and per
/// peer address and refuses those past a limit. A refused connection is accepted and closed at once (as
/// Kafka does); refusals are logged at most once per `logInterval`, with how many there were, so a flood
/// cannot flood the log too.
///
/// Called from every event loop's accept path, so the counts sit behind one lock.
final class ConnectionQuotas: Sendable {
    struct Limits: Sendable {
        var maxConnections: Int
        var maxPerIP: Int
        var perIPOverrides: [String: Int]
        /// Listeners whose connections are not counted toward `maxConnections` (dedicated control-plane and
        /// inter-broker listeners, so a client flood cannot lock the cluster's own traffic out).
        var exemptListeners: Set<String>

        init(maxConnections: Int = Int(Int32.max), maxPerIP: Int = Int(Int32.max),
             perIPOverrides: [String: Int] = [:], exemptListeners: Set<String> = []) {
            self.maxConnections = maxConnections
            self.maxPerIP = maxPerIP
            self.perIPOverrides = perIPOverrides
            self.exemptListeners = exemptListeners
        }

        init(config: BrokerConfig) {
            // Kafka protects the inter-broker listener only when it is not the sole listener; we protect the
            // ones named explicitly, on the same condition.
            let dedicated = config.listeners.count > 1
                ? Set([config.controlPlaneListenerName, config.interBrokerListenerName].compactMap { $0 }) : []
            self.init(maxConnections: config.maxConnections, maxPerIP: config.maxConnectionsPerIp,
                      perIPOverrides: config.maxConnectionsPerIpOverrides, exemptListeners: dedicated)
        }
    }

    /// What `admit` decided; a refusal names the limit for the log.
    enum Admission: Equatable {
        case admitted
        case refused(String)
    }

    /// The limits in force; `max.connections` and the per-IP limits are dynamic broker configs.
    var limits: Limits { state.withLockedValue { $0.limits } }
    private let logger: Logger
    private let logInterval: TimeAmount
    private let state: NIOLockedValueBox<State>

    private struct State {
        var limits: Limits
        var total = 0
        var perIP: [String: Int] = [:]
        var refusedSinceLog = 0
        var lastLog: NIODeadline?
    }

    init(limits: Limits, logger: Logger, logInterval: TimeAmount = .seconds(10)) {
        self.state = NIOLockedValueBox(State(limits: limits))
        self.logger = logger
        self.logInterval = logInterval
    }

    /// Applies new limits (a dynamic broker config changed); open connections above them stay open, as in Kafka.
    func setLimits(_ limits: Limits) {
        state.withLockedValue { $0.limits = limits }
    }

    /// Open connections counted toward `max.connections`.
    var total: Int { state.withLockedValue { $0.total } }

    /// Counts a new connection from `ip` on `listener`, or refuses it (counting nothing). Every admitted
    /// connection must be `release`d once, with the same arguments.
    func admit(ip: String, listener: String) -> Admission {
        let (admission, report) = state.withLockedValue { state -> (Admission, (Int, String)?) in
            let limits = state.limits
            let exempt = limits.exemptListeners.contains(listener)
            let perIPLimit = limits.perIPOverrides[ip] ?? limits.maxPerIP
            let admission: Admission
            if state.perIP[ip, default: 0] >= perIPLimit {
                admission = .refused("too many connections from \(ip) (max.connections.per.ip \(perIPLimit))")
            } else if !exempt, state.total >= limits.maxConnections {
                admission = .refused("too many connections (max.connections \(limits.maxConnections))")
            } else {
                state.perIP[ip, default: 0] += 1
                if !exempt { state.total += 1 }
                return (.admitted, nil)
            }
            guard case .refused(let reason) = admission else { return (admission, nil) }
            state.refusedSinceLog += 1
            let now = NIODeadline.now()
            if let last = state.lastLog, now - last < logInterval { return (admission, nil) }
            defer { state.refusedSinceLog = 0; state.lastLog = now }
            return (admission, (state.refusedSinceLog, reason))
        }
        if let (count, reason) = report {
            logger.warning("refusing connections", metadata: [
                "listener": "\(listener)", "reason": "\(reason)", "refused since last report": "\(count)"])
        }
        return admission
    }

    func release(ip: String, listener: String) {
        state.withLockedValue { state in
            let exempt = state.limits.exemptListeners.contains(listener)
            if let count = state.perIP[ip] {
                // Drop the entry at zero so addresses seen once do not accumulate.
                state.perIP[ip] = count > 1 ? count - 1 : nil
            }
            if !exempt { state.total = max(0, state.total - 1) }
        }
    }
}
