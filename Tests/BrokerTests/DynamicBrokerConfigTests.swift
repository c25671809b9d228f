@testable import Broker
import KafkaProtocol
import Logging
import Testing

/// Dynamic broker configs: precedence, what may change at runtime, and how DescribeConfigs reports them.
@Suite struct DynamicBrokerConfigTests {
    private func staticConfig() -> BrokerConfig {
        var config = BrokerConfig()
        config.brokerID = 1
        config.zookeeperConnect = "127.0.0.1:2181"
        config.messageMaxBytes = 2000
        return config
    }

    @Test func ownOverridesWinOverTheClusterDefaultWhichWinsOverTheFile() {
        let dynamic = DynamicBrokerConfig(staticConfig: staticConfig())
        #expect(dynamic.current.messageMaxBytes == 2000)
        dynamic.update(.init(own: ["message.max.bytes": "4000"],
                             clusterDefault: ["message.max.bytes": "3000", "log.retention.ms": "60000"]))
        #expect(dynamic.current.messageMaxBytes == 4000)
        #expect(dynamic.current.logRetentionMs == 60000)
        dynamic.update(.init(own: [:], clusterDefault: ["message.max.bytes": "3000"]))
        #expect(dynamic.current.messageMaxBytes == 3000)
        #expect(dynamic.current.logRetentionMs == BrokerConfig().logRetentionMs)
    }

    @Test func badValuesFromZooKeeperAreSkippedAndNamed() {
        let dynamic = DynamicBrokerConfig(staticConfig: staticConfig())
        let (config, skipped) = dynamic.update(.init(
            own: ["message.max.bytes": "lots", "broker.id": "7"],
            clusterDefault: ["message.max.bytes": "999999999999", "max.connections": "12"]))
        #expect(config.messageMaxBytes == 2000)
        #expect(config.brokerID == 1, "a static key in the znode changes nothing")
        #expect(config.maxConnections == 12)
        #expect(skipped.count == 2)
        #expect(skipped.allSatisfy { $0.contains("message.max.bytes") })
    }

    @Test func onlyRuntimeKeysMayBeWritten() {
        let dynamic = DynamicBrokerConfig(staticConfig: staticConfig())
        #expect(dynamic.refusal(of: ["broker.id": "2"]) == "Cannot update these configs dynamically: broker.id")
        #expect(dynamic.refusal(of: ["num.io.threads": "4"])?.contains("need a restart") == true)
        #expect(dynamic.refusal(of: ["message.max.bytes": "-5"])?.contains("message.max.bytes") == true)
        #expect(dynamic.refusal(of: ["message.max.bytes": "200000000"]) != nil,
                "must stay below socket.request.max.bytes")
        #expect(dynamic.refusal(of: ["follower.replication.throttled.rate": "0"]) != nil)
        #expect(dynamic.refusal(of: ["log.retention.ms": "1000", "leader.replication.throttled.rate": "100"]) == nil)
        #expect(dynamic.refusal(of: ["my.custom.key": "x"]) == nil, "unknown keys are stored, as in Kafka")
    }

    @Test func describeReportsSourcesAndSynonymsInPrecedenceOrder() throws {
        var file = staticConfig()
        file.logRetentionMs = 7_200_000
        let dynamic = DynamicBrokerConfig(staticConfig: file)
        dynamic.update(.init(own: ["follower.replication.throttled.rate": "100"],
                             clusterDefault: ["log.retention.ms": "60000"]))
        let entries = BrokerConfigDescription(dynamic: dynamic).brokerEntries(keys: nil, includeSynonyms: true)
        let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })

        let retention = try #require(byName["log.retention.ms"])
        #expect(retention.value == "60000")
        #expect(retention.configSource == ConfigSource.dynamicDefaultBroker.rawValue)
        #expect(!retention.readOnly)
        #expect(retention.synonyms.map(\.source) == [3, 4, 5])
        #expect(retention.synonyms.map(\.value) == ["60000", "7200000", "604800000"])

        let rate = try #require(byName["follower.replication.throttled.rate"])
        #expect(rate.configSource == ConfigSource.dynamicBroker.rawValue)
        #expect(byName["leader.replication.throttled.rate"]?.isDefault == true)

        let brokerID = try #require(byName["broker.id"])
        #expect(brokerID.readOnly)
        #expect(brokerID.configSource == ConfigSource.staticBroker.rawValue)

        let defaults = BrokerConfigDescription(dynamic: dynamic)
            .clusterDefaultEntries(keys: nil, includeSynonyms: false)
        #expect(defaults.map(\.name) == ["log.retention.ms"])
        #expect(defaults.first?.configSource == ConfigSource.dynamicDefaultBroker.rawValue)
    }

    @Test func connectionLimitsFollowADynamicChange() {
        let dynamic = DynamicBrokerConfig(staticConfig: staticConfig())
        let quotas = ConnectionQuotas(limits: .init(config: dynamic.current), logger: Logger(label: "test"))
        for _ in 0..<3 { #expect(quotas.admit(ip: "10.0.0.1", listener: "PLAINTEXT") == .admitted) }
        let (lowered, _) = dynamic.update(.init(own: ["max.connections.per.ip": "3"]))
        quotas.setLimits(.init(config: lowered))
        #expect(quotas.admit(ip: "10.0.0.1", listener: "PLAINTEXT") != .admitted, "the new limit holds at once")
        #expect(quotas.admit(ip: "10.0.0.2", listener: "PLAINTEXT") == .admitted)
    }
}
