import Foundation
import KafkaClient
import Sasl

/// SASL listener keys as Kafka reads them: `sasl.enabled.mechanisms` and, per listener,
/// `listener.name.<listener>.sasl.enabled.mechanisms` and `listener.name.<listener>.<mechanism>.sasl.jaas.config`
/// (the JAAS file named by `java.security.auth.login.config` otherwise, section `<listener>.KafkaServer` or
/// `KafkaServer`).
extension BrokerConfig {
    /// Whether `key` belongs to the SASL family kept in `saslProperties`.
    static func isSASLKey(_ key: String) -> Bool {
        key.hasPrefix("sasl.") || (key.hasPrefix("listener.name.") && key.contains(".sasl."))
            || key.hasSuffix("connections.max.reauth.ms")
    }

    /// Kafka's SASL keys that change nothing here: Kerberos, OAuth and client-side login settings.
    static let saslKeysWithoutEffect: Set<String> = [
        "sasl.kerberos.service.name", "sasl.kerberos.kinit.cmd",
        "sasl.kerberos.min.time.before.relogin", "sasl.kerberos.principal.to.local.rules",
        "sasl.kerberos.ticket.renew.jitter", "sasl.kerberos.ticket.renew.window.factor", "sasl.login.class",
        "sasl.login.callback.handler.class", "sasl.server.callback.handler.class", "sasl.client.callback.handler.class",
        "sasl.login.refresh.buffer.seconds", "sasl.login.refresh.min.period.seconds",
        "sasl.login.refresh.window.factor", "sasl.login.refresh.window.jitter",
    ]

    /// The JAAS file's contents, if one is configured.
    /// - Throws: `JaasConfig.Invalid` naming the file when it cannot be read or parsed.
    func jaasFile() throws(JaasConfig.Invalid) -> JaasConfig? {
        guard let path = jaasConfigFile else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw JaasConfig.Invalid(message: "cannot read the JAAS file \(path)")
        }
        do {
            return try JaasConfig.parseFile(text)
        } catch {
            throw JaasConfig.Invalid(message: "JAAS file \(path): \(error.message)")
        }
    }

    /// What a SASL listener accepts; nil for a listener without SASL.
    /// - Throws: `SaslListenerSettings.Invalid` for mechanisms Tributary does not serve or PLAIN without users.
    func saslSettings(forListener name: String) throws(SaslListenerSettings.Invalid) -> SaslListenerSettings? {
        guard securityProtocol(ofListener: name).usesSASL else { return nil }
        let jaas: JaasConfig?
        do {
            jaas = try jaasFile()
        } catch {
            throw SaslListenerSettings.Invalid(message: error.message)
        }
        return try SaslListenerSettings(listener: name, properties: saslProperties, jaasFile: jaas)
    }

    /// The login this broker performs toward `listener` on other brokers (replica fetchers, the controller's
    /// requests), as Kafka's inter-broker client does: mechanism `sasl.mechanism.inter.broker.protocol` (Kafka's
    /// default GSSAPI is not served here, so it must be set), user and password from the `username`/`password`
    /// options of `listener.name.<listener>.<mechanism>.sasl.jaas.config`, else of the JAAS file's
    /// `<listener>.KafkaServer` or `KafkaServer` login module of that mechanism. Nil for a listener without SASL.
    /// - Throws: `SaslListenerSettings.Invalid` when the mechanism is not enabled there or no credentials are given.
    func outgoingSaslLogin(toListener name: String) throws(SaslListenerSettings.Invalid) -> SaslLogin? {
        guard let listener = try saslSettings(forListener: name) else { return nil }
        let mechanismName = saslProperties["sasl.mechanism.inter.broker.protocol"] ?? "GSSAPI"
        guard let mechanism = SaslLogin.Mechanism(rawValue: mechanismName.uppercased()),
              listener.enabledMechanisms.contains(mechanism.rawValue)
        else {
            throw SaslListenerSettings.Invalid(
                message: "sasl.mechanism.inter.broker.protocol is \(mechanismName); the brokers' listener \(name) "
                    + "enables \(listener.enabledMechanisms.joined(separator: ", "))")
        }
        let key = "listener.name.\(name.lowercased()).\(mechanism.rawValue.lowercased()).sasl.jaas.config"
        let entries: [JaasConfig.Entry]
        if let inline = saslProperties[key] {
            do {
                entries = try JaasConfig.parseEntries(inline)
            } catch {
                throw SaslListenerSettings.Invalid(message: "\(key): \(error)")
            }
        } else {
            let jaas: JaasConfig?
            do {
                jaas = try jaasFile()
            } catch {
                throw SaslListenerSettings.Invalid(message: error.message)
            }
            entries = jaas?.sections["\(name.lowercased()).KafkaServer"] ?? jaas?.sections["KafkaServer"] ?? []
        }
        let module = mechanism == .plain ? "PlainLoginModule" : "ScramLoginModule"
        guard let entry = entries.first(where: { $0.loginModule.hasSuffix(module) }),
              let username = entry.options["username"], let password = entry.options["password"]
        else {
            throw SaslListenerSettings.Invalid(
                message: "the brokers' listener \(name) uses SASL \(mechanism.rawValue) but \(key) (or the JAAS "
                    + "file's KafkaServer section) gives no \(module) with username and password")
        }
        return SaslLogin(mechanism: mechanism, username: username, password: password)
    }
}
