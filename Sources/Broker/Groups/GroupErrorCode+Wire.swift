import GroupCoordinator
import KafkaProtocol

extension KafkaErrorCode {
    /// The wire code of a coordinator answer (the numbers are Kafka's in both types).
    init(_ code: GroupErrorCode) { self.init(rawValue: code.rawValue) }
}

extension RequestContext {
    /// The client's address as Kafka reports it in DescribeGroups: "/" and the IP address.
    var clientHost: String {
        // NIO describes a peer as "[IPv4]127.0.0.1/127.0.0.1:54321".
        var text = Substring(peer)
        if let slash = text.lastIndex(of: "/") { text = text[text.index(after: slash)...] }
        if let colon = text.lastIndex(of: ":") { text = text[..<colon] }
        return "/" + text
    }
}
