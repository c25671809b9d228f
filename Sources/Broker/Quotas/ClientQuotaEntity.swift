/// A client quota entity as Kafka stores it in ZooKeeper (KIP-55): a user, a client id, or a user with a client
/// id, each part either a name or `<default>`.
///
/// | entity | znode |
/// | --- | --- |
/// | user | `/config/users/<user>` |
/// | user + client id | `/config/users/<user>/clients/<client-id>` |
/// | client id | `/config/clients/<client-id>` |
///
/// Names are stored sanitized (Kafka's `Sanitizer`: URL-encoded, `*` and spaces as `%2A` and `%20`), so a client
/// id with a `/` stays one znode.
struct ClientQuotaEntity: Hashable, Sendable, CustomStringConvertible {
    enum Part: Hashable, Sendable {
        case name(String)
        case defaultEntity
    }

    /// Kafka's name for the default entity, in znode paths.
    static let defaultName = "<default>"

    var user: Part?
    var clientID: Part?

    init(user: Part? = nil, clientID: Part? = nil) {
        self.user = user
        self.clientID = clientID
    }

    /// The path under `/config` (`users/ANONYMOUS/clients/<default>`), nil for the empty entity.
    var configPath: String? {
        switch (user, clientID) {
        case (nil, nil): nil
        case (let user?, nil): "users/\(Self.segment(user))"
        case (nil, let client?): "clients/\(Self.segment(client))"
        case (let user?, let client?): "users/\(Self.segment(user))/clients/\(Self.segment(client))"
        }
    }

    /// The entity a `/config` path names (`users/<u>`, `users/<u>/clients/<c>`, `clients/<c>`), nil for any other.
    init?(configPath: String) {
        let parts = configPath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        func part(_ text: String) -> Part? {
            if text == Self.defaultName { return .defaultEntity }
            guard !text.isEmpty, let name = Self.desanitize(text) else { return nil }
            return .name(name)
        }
        switch parts.count {
        case 2 where parts[0] == "users":
            guard let user = part(parts[1]) else { return nil }
            self.init(user: user)
        case 2 where parts[0] == "clients":
            guard let client = part(parts[1]) else { return nil }
            self.init(clientID: client)
        case 4 where parts[0] == "users" && parts[2] == "clients":
            guard let user = part(parts[1]), let client = part(parts[3]) else { return nil }
            self.init(user: user, clientID: client)
        default:
            return nil
        }
    }

    var description: String { configPath ?? "(none)" }

    private static func segment(_ part: Part) -> String {
        switch part {
        case .defaultEntity: defaultName
        case .name(let name): sanitize(name)
        }
    }

    /// Kafka's `Sanitizer.sanitize`: URL-encoding (UTF-8) where only letters, digits and `._-` stay as they are.
    static func sanitize(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// The inverse of `sanitize`; nil for a malformed escape or bytes that are not UTF-8 (a hostile znode name).
    static func desanitize(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// The quota keys (Kafka's `QuotaConfigs`), as stored in the entities' config znodes.
enum ClientQuotaType: String, Sendable, CaseIterable {
    /// Produce request bytes per second.
    case produce = "producer_byte_rate"
    /// Fetch response bytes per second (consumers only; followers are never throttled by it).
    case fetch = "consumer_byte_rate"
    /// Percentage of one request thread's time per second.
    case request = "request_percentage"
}
