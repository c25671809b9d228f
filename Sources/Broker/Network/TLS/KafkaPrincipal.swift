/// Kafka's `KafkaPrincipal`: a type (`User`) and a name, printed `User:name`.
struct KafkaPrincipal: Sendable, Hashable, CustomStringConvertible {
    var type: String
    var name: String

    /// Kafka's principal for connections that did not authenticate.
    static let anonymous = KafkaPrincipal(type: "User", name: "ANONYMOUS")

    var description: String { "\(type):\(name)" }
}
