import Foundation

/// SASL listener keys as Kafka reads them: `sasl.enabled.mechanisms` and, per listener,
/// `listener.name.<listener>.sasl.enabled.mechanisms` and `listener.name.<listener>.<mechanism>.sasl.jaas.config`
/// (the JAAS file named by `java.security.auth.login.config` otherwise, section `<listener>.KafkaServer` or
/// `KafkaServer`).
extension BrokerConfig {
    /// Whether `key` belongs to the SASL family kept in `saslProperties`.
    static func isSASLKey(_ key: String) -> Bool {
        key.hasPrefix("sasl.") || (key.hasPrefix("listener.name.") && key.contains(".sasl."))
    }

    /// Kafka's SASL keys that change nothing here: Kerberos, OAuth and client-side login settings.
    static let saslKeysWithoutEffect: Set<String> = [
        "sasl.mechanism.inter.broker.protocol", "sasl.kerberos.service.name", "sasl.kerberos.kinit.cmd",
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
}
