import Foundation
import Sasl

/// What a SASL listener accepts: `sasl.enabled.mechanisms` (per listener as
/// `listener.name.<listener>.sasl.enabled.mechanisms`), for PLAIN the users and passwords of its JAAS
/// config (`user_<name>="<password>"` options of `PlainLoginModule`), and how long a session lasts before the
/// client must re-authenticate (KIP-368).
struct SaslListenerSettings: Sendable, Equatable {
    var enabledMechanisms: [String]
    var plainUsers: [String: String]
    /// `connections.max.reauth.ms` per mechanism (Kafka's key, also as `listener.name.<listener>.` and
    /// `listener.name.<listener>.<mechanism>.` overrides); 0, Kafka's default, means sessions never expire.
    var maxReauthMs: [String: Int64] = [:]

    /// The session lifetime for `mechanism`, 0 when sessions do not expire.
    func sessionLifetimeMs(mechanism: String) -> Int64 { maxReauthMs[mechanism] ?? 0 }

    /// Mechanisms Tributary serves.
    static let supportedMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]

    init(enabledMechanisms: [String], plainUsers: [String: String]) {
        self.enabledMechanisms = enabledMechanisms
        self.plainUsers = plainUsers
    }

    struct Invalid: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Reads the settings of `listener` from the broker's properties, as Kafka does: the listener-prefixed key
    /// wins over the broker-wide one; PLAIN's users come from
    /// `listener.name.<listener>.plain.sasl.jaas.config`, else from the JAAS file's `<listener>.KafkaServer` or
    /// `KafkaServer` section.
    /// - Throws: `Invalid` for a mechanism Tributary does not serve (Kafka's default GSSAPI among them) or PLAIN
    ///   without any user.
    init(listener: String, properties: [String: String], jaasFile: JaasConfig?) throws(Invalid) {
        let prefix = "listener.name.\(listener.lowercased())."
        let mechanisms = (properties[prefix + "sasl.enabled.mechanisms"] ?? properties["sasl.enabled.mechanisms"]
            ?? "GSSAPI").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !mechanisms.isEmpty else { throw Invalid(message: "listener \(listener): no SASL mechanism enabled") }
        if let unsupported = mechanisms.first(where: { !Self.supportedMechanisms.contains($0) }) {
            throw Invalid(message: "listener \(listener): SASL mechanism \(unsupported) is not supported (set "
                + "sasl.enabled.mechanisms to some of \(Self.supportedMechanisms.joined(separator: ", ")))")
        }
        enabledMechanisms = mechanisms
        plainUsers = [:]
        for mechanism in mechanisms {
            let key = [prefix + mechanism.lowercased() + ".connections.max.reauth.ms",
                       prefix + "connections.max.reauth.ms", "connections.max.reauth.ms"]
                .first { properties[$0] != nil }
            guard let key, let text = properties[key] else { continue }
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw Invalid(message: "\(key): expected milliseconds >= 0, found '\(text)'")
            }
            maxReauthMs[mechanism] = value
        }
        guard mechanisms.contains("PLAIN") else { return }
        let entries: [JaasConfig.Entry]
        if let inline = properties[prefix + "plain.sasl.jaas.config"] {
            do {
                entries = try JaasConfig.parseEntries(inline)
            } catch {
                throw Invalid(message: "\(prefix)plain.sasl.jaas.config: \(error)")
            }
        } else {
            entries = jaasFile?.sections["\(listener.lowercased()).KafkaServer"] ?? jaasFile?.sections["KafkaServer"] ?? []
        }
        for entry in entries where entry.loginModule.hasSuffix("PlainLoginModule") {
            for (key, value) in entry.options where key.hasPrefix("user_") && key.count > 5 {
                plainUsers[String(key.dropFirst(5))] = value
            }
        }
        guard !plainUsers.isEmpty else {
            throw Invalid(message: "listener \(listener): PLAIN is enabled but its JAAS config lists no user_<name>")
        }
    }
}
