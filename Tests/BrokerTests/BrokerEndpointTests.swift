import Broker
import KafkaModel
import Testing

/// Which address of a broker each side is told: clients that of the listener they came in on, brokers that of
/// the inter-broker listener.
@Suite struct BrokerEndpointTests {
    let broker = MetadataCache.BrokerEndpoint(
        id: BrokerID(1), host: "10.0.0.1", port: 9092, listener: "CLIENT",
        addresses: ["CLIENT": .init(host: "10.0.0.1", port: 9092), "REPLICATION": .init(host: "10.1.0.1", port: 9093)])

    @Test func eachListenerHasItsOwnAddress() throws {
        let replication = try #require(broker.on(listener: "REPLICATION"))
        #expect(replication.host == "10.1.0.1" && replication.port == 9093 && replication.listener == "REPLICATION")
        #expect(broker.on(listener: "CLIENT") == broker)
    }

    @Test func aBrokerWithoutTheListenerIsLeftOut() {
        #expect(broker.on(listener: "CONTROL") == nil)
    }
}
