import Foundation
import KafkaModel

/// `/brokers/ids/<id>` — ephemeral; a live broker's registration. Its `czxid` is the broker epoch (KIP-380).
///
/// We write version 5 (Kafka 2.7+):
/// ```json
/// {"version":5,"host":"b1.example","port":9092,"jmx_port":-1,"timestamp":"1700000000000",
///  "endpoints":["CLIENT://b1.example:9092","REPLICATION://b1.example:9093"],
///  "listener_security_protocol_map":{"CLIENT":"PLAINTEXT","REPLICATION":"PLAINTEXT"},
///  "rack":"rack-a","features":{}}
/// ```
/// `rack` only when set; `host`/`port` are the first PLAINTEXT endpoint (null / -1 if there is none).
/// Versions read: 1 (host, port, jmx_port, timestamp only), 2 (adds endpoints, listener = protocol name),
/// 3 (adds rack), 4 (adds listener_security_protocol_map), 5 (adds features).
public struct BrokerIDZNode: Hashable, Sendable {
    /// One advertised listener.
    public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
        public var listenerName: String
        public var securityProtocol: String
        public var host: String
        public var port: Int32

        public init(listenerName: String, securityProtocol: String = "PLAINTEXT", host: String, port: Int32) {
            self.listenerName = listenerName
            self.securityProtocol = securityProtocol
            self.host = host
            self.port = port
        }

        /// `LISTENER://host:port`, with brackets around IPv6 hosts.
        public var description: String {
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "\(listenerName)://\(shownHost):\(port)"
        }
    }

    public static let idsPath = "/brokers/ids"

    public static func path(_ id: BrokerID) -> String { "\(idsPath)/\(id)" }

    public var id: BrokerID
    public var endpoints: [Endpoint]
    public var rack: String?
    public var jmxPort: Int32
    /// Milliseconds since the epoch at registration.
    public var timestamp: Int64
    /// Supported feature ranges (KIP-584); Kafka 2.8 writes `{}`.
    public var features: [String: [String: Int64]]

    public init(
        id: BrokerID, endpoints: [Endpoint], rack: String? = nil, jmxPort: Int32 = -1,
        timestamp: Int64, features: [String: [String: Int64]] = [:]
    ) {
        self.id = id
        self.endpoints = endpoints
        self.rack = rack
        self.jmxPort = jmxPort
        self.timestamp = timestamp
        self.features = features
    }

    /// The first PLAINTEXT endpoint, which the legacy `host`/`port` fields describe.
    public var plaintextEndpoint: Endpoint? { endpoints.first { $0.securityProtocol == "PLAINTEXT" } }

    public func encoded() -> [UInt8] {
        var object: [String: Any] = [
            "version": 5,
            "host": plaintextEndpoint.map { $0.host as Any } ?? NSNull(),
            "port": Int(plaintextEndpoint?.port ?? -1),
            "jmx_port": Int(jmxPort),
            "timestamp": String(timestamp),
            "endpoints": endpoints.map(\.description),
            "listener_security_protocol_map": Dictionary(
                endpoints.map { ($0.listenerName, $0.securityProtocol) }, uniquingKeysWith: { first, _ in first }),
            "features": features.mapValues { $0.mapValues { Int($0) } },
        ]
        if let rack { object["rack"] = rack }
        return ZNodeJSON.encode(object)
    }

    /// - Parameter id: the id named by the znode's path (the JSON does not repeat it).
    /// - Throws: `ZNodeDecodingError` naming the znode.
    public static func decode(_ bytes: [UInt8], id: BrokerID) throws(ZNodeDecodingError) -> BrokerIDZNode {
        let json = try ZNodeJSON(bytes, path: path(id))
        let version = try json.version(in: 1...5)
        let timestamp = json.has("timestamp") ? try json.integerString("timestamp") : 0
        let jmxPort = Int32(clamping: try json.optionalInt("jmx_port") ?? -1)
        var endpoints: [Endpoint] = []
        if version == 1 {
            if let host = try json.optionalString("host") {
                endpoints = [Endpoint(listenerName: "PLAINTEXT", host: host, port: Int32(clamping: try json.int("port")))]
            }
        } else {
            let protocols = version >= 4 ? try json.stringMap("listener_security_protocol_map") : [:]
            for text in try json.stringArray("endpoints") {
                guard let endpoint = parseEndpoint(text, protocols: protocols) else {
                    throw json.fail("bad endpoint \"\(text)\"")
                }
                endpoints.append(endpoint)
            }
        }
        var features: [String: [String: Int64]] = [:]
        if version >= 5, let map = json.object["features"] as? [String: Any] {
            for (name, value) in map {
                guard let levels = value as? [String: Any] else { throw json.fail("feature \(name) is not an object") }
                features[name] = try ZNodeJSON(object: levels, path: json.path).integerFields()
            }
        }
        return BrokerIDZNode(id: id, endpoints: endpoints, rack: version >= 3 ? try json.optionalString("rack") : nil,
                             jmxPort: jmxPort, timestamp: timestamp, features: features)
    }

    /// `LISTENER://host:port` (host may be `[v6]` or empty); the protocol comes from the map, else the
    /// listener name itself (versions 2–3, where listener names were protocol names).
    static func parseEndpoint(_ text: String, protocols: [String: String]) -> Endpoint? {
        guard let separator = text.range(of: "://") else { return nil }
        let listener = String(text[..<separator.lowerBound])
        let address = text[separator.upperBound...]
        guard let colon = address.lastIndex(of: ":"), let port = Int32(address[address.index(after: colon)...]) else {
            return nil
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return Endpoint(listenerName: listener, securityProtocol: protocols[listener] ?? listener, host: host, port: port)
    }
}

extension ZNodeJSON {
    /// Every field as an integer (feature level maps).
    func integerFields() throws(ZNodeDecodingError) -> [String: Int64] {
        var result: [String: Int64] = [:]
        for key in object.keys { result[key] = try int(key) }
        return result
    }
}
