@testable import Broker
import Testing

/// The network-limit and listener-role keys: Kafka's names, defaults and validation.
@Suite struct NetworkLimitsConfigTests {
    let base = """
        broker.id=1
        zookeeper.connect=127.0.0.1:2181
        listeners=CLIENT://:9092,REPLICATION://:9093,CONTROL://:9094
        """

    func load(_ extra: String...) throws -> BrokerConfig {
        try BrokerConfig.load(path: "f", text: base, overrides: extra).config
    }

    @Test func defaultsAreKafkas() throws {
        let config = try load()
        #expect(config.queuedMaxRequests == 500)
        #expect(config.maxConnections == Int(Int32.max))
        #expect(config.maxConnectionsPerIp == Int(Int32.max))
        #expect(config.maxConnectionsPerIpOverrides.isEmpty)
        #expect(config.connectionsMaxIdleMs == 600_000)
        #expect(config.interBrokerListenerName == nil)
        #expect(config.controlPlaneListenerName == nil)
        #expect(config.effectiveInterBrokerListenerName == "CLIENT", "the first listener when none is PLAINTEXT")
        #expect(BrokerServer.Settings(config: config).idleTimeout == .milliseconds(600_000))
    }

    @Test func parsesTheKeys() throws {
        let config = try load(
            "queued.max.requests=20", "max.connections=100", "max.connections.per.ip=5",
            "max.connections.per.ip.overrides=10.0.0.1:50, ::1:7 ,[fe80::1]:3", "connections.max.idle.ms=-1",
            "inter.broker.listener.name=REPLICATION", "control.plane.listener.name=CONTROL")
        #expect(config.queuedMaxRequests == 20)
        #expect(config.maxConnections == 100)
        #expect(config.maxConnectionsPerIp == 5)
        #expect(config.maxConnectionsPerIpOverrides == ["10.0.0.1": 50, "::1": 7, "fe80::1": 3])
        #expect(config.connectionsMaxIdleMs == -1)
        #expect(BrokerServer.Settings(config: config).idleTimeout == nil, "-1 never closes")
        #expect(config.effectiveInterBrokerListenerName == "REPLICATION")
        #expect(config.controllerListenerName == "CONTROL")
        #expect(ConnectionQuotas.Limits(config: config).exemptListeners == ["REPLICATION", "CONTROL"])
    }

    @Test func interBrokerListenerIsNoLongerIgnored() throws {
        let loaded = try BrokerConfig.load(path: "f", text: base + "\ninter.broker.listener.name=REPLICATION\n")
        // (The listeners are not in listener.security.protocol.map, which is warned about on its own.)
        #expect(!loaded.warnings.contains { $0.contains("inter.broker.listener.name") })
        #expect(loaded.config.interBrokerListenerName == "REPLICATION")
    }

    @Test func listenerNamesMustNameListeners() {
        #expect(throws: ConfigError.self) { try load("inter.broker.listener.name=NOPE") }
        #expect(throws: ConfigError.self) { try load("control.plane.listener.name=NOPE") }
        #expect(throws: ConfigError.self) { try load("control.plane.listener.name=not a name") }
        #expect(throws: ConfigError.self, "the two must differ") {
            try load("inter.broker.listener.name=CONTROL", "control.plane.listener.name=CONTROL")
        }
        #expect(throws: ConfigError.self, "a control plane needs another listener for inter-broker traffic") {
            try BrokerConfig.load(path: "f", text: """
                broker.id=1
                zookeeper.connect=h:1
                listeners=CONTROL://:9094
                control.plane.listener.name=CONTROL
                """)
        }
    }

    @Test func controlPlaneAloneLeavesInterBrokerOnPlaintext() throws {
        let config = try BrokerConfig.load(path: "f", text: """
            broker.id=1
            zookeeper.connect=h:1
            listeners=CONTROL://:9094,PLAINTEXT://:9092
            control.plane.listener.name=CONTROL
            """).config
        #expect(config.effectiveInterBrokerListenerName == "PLAINTEXT")
        #expect(config.controllerListenerName == "CONTROL")
    }

    @Test func rejectsBadLimits() {
        #expect(throws: ConfigError.self) { try load("queued.max.requests=0") }
        #expect(throws: ConfigError.self) { try load("max.connections=-1") }
        #expect(throws: ConfigError.self) { try load("connections.max.idle.ms=0") }
        #expect(throws: ConfigError.self) { try load("max.connections.per.ip.overrides=host") }
        #expect(throws: ConfigError.self) { try load("max.connections.per.ip.overrides=:5") }
        #expect(throws: ConfigError.self) { try load("max.connections.per.ip.overrides=a:1,a:2") }
        #expect(throws: ConfigError.self, "0 per IP needs overrides") { try load("max.connections.per.ip=0") }
        #expect(throws: Never.self) { try load("max.connections.per.ip=0", "max.connections.per.ip.overrides=h:1") }
    }
}
