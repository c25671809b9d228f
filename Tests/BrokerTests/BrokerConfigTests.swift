import Broker
import Testing

@Suite struct BrokerConfigTests {
    let goodFile = """
        # A three-broker local cluster, broker 2.
        broker.id=2
        listeners=PLAINTEXT://127.0.0.1:9093
        log.dirs=data/broker-2,data/broker-2b
        zookeeper.connect=127.0.0.1:2181/tributary
        zookeeper.session.timeout.ms = 6000
        log.retention.hours=24
        num.network.threads=3
        """

    @Test func parsesAGoodFileWithKafkaNamesAndDefaults() throws {
        let loaded = try BrokerConfig.load(path: "server-2.properties", text: goodFile)
        let config = loaded.config
        #expect(config.brokerID == 2)
        #expect(config.listeners == [Listener(name: "PLAINTEXT", host: "127.0.0.1", port: 9093)])
        #expect(config.logDirs == ["data/broker-2", "data/broker-2b"])
        #expect(config.zookeeperConnect == "127.0.0.1:2181/tributary")
        #expect(config.zookeeperSessionTimeoutMs == 6000)
        #expect(config.effectiveZookeeperConnectionTimeoutMs == 6000, "falls back to the session timeout")
        #expect(config.logRetentionMs == 24 * 3_600_000)
        #expect(config.logSegmentBytes == 1_073_741_824, "Kafka's default")
        #expect(config.offsetsTopicNumPartitions == 50)
        #expect(loaded.warnings == ["server-2.properties:8: num.network.threads is accepted for compatibility but has no effect"])
    }

    @Test func overridesWinOverTheFile() throws {
        let loaded = try BrokerConfig.load(
            path: "f", text: goodFile, overrides: ["broker.id=7", "log.retention.ms=1000", "num.partitions=6"])
        #expect(loaded.config.brokerID == 7)
        #expect(loaded.config.logRetentionMs == 1000, "ms takes precedence over hours")
        #expect(loaded.config.numPartitions == 6)
    }

    @Test func malformedLineNamesTheLine() {
        let text = "broker.id=1\nthis line has no separator\nzookeeper.connect=h:1\n"
        #expect(throws: ConfigError(file: "bad.properties", line: 2, key: nil,
                                    message: "expected 'key=value', found 'this line has no separator'")) {
            try BrokerConfig.load(path: "bad.properties", text: text)
        }
    }

    @Test func badValueNamesTheLineAndKey() throws {
        let text = "broker.id=1\nzookeeper.connect=h:1\nzookeeper.session.timeout.ms=soon\n"
        let error = try #require(throws: ConfigError.self) {
            try BrokerConfig.load(path: "s.properties", text: text)
        }
        #expect(error.line == 3)
        #expect(error.key == "zookeeper.session.timeout.ms")
        #expect(error.description == "s.properties:3: zookeeper.session.timeout.ms: expected an integer, found 'soon'")
    }

    @Test func badOverrideIsNamed() throws {
        let error = try #require(throws: ConfigError.self) {
            try BrokerConfig.load(path: "f", text: goodFile, overrides: ["listeners=http:/nope"])
        }
        #expect(error.file == "--override")
        #expect(error.key == "listeners")
    }

    @Test func unknownKeysWarnButLoad() throws {
        let loaded = try BrokerConfig.load(path: "f", text: "broker.id=1\nzookeeper.connect=h:1\nfoo.bar=3\n")
        #expect(loaded.warnings == ["f:3: unknown configuration key foo.bar (ignored)"])
    }

    @Test func requiredKeysAreReported() throws {
        let error = try #require(throws: ConfigError.self) {
            try BrokerConfig.load(path: "f", text: "broker.id=1\n")
        }
        #expect(error.key == "zookeeper.connect")
        #expect(error.message == "is required")
    }

    @Test func duplicateKeyIsRefused() throws {
        let error = try #require(throws: ConfigError.self) {
            try BrokerConfig.load(path: "f", text: "broker.id=1\nbroker.id=2\n")
        }
        #expect(error.line == 2)
        #expect(error.key == "broker.id")
    }

    @Test func advertisedListenersMustNameAHost() throws {
        let error = try #require(throws: ConfigError.self) {
            try BrokerConfig.load(path: "f", text: goodFile, overrides: ["advertised.listeners=PLAINTEXT://0.0.0.0:9093"])
        }
        #expect(error.key == "advertised.listeners")
    }

    @Test func listenerParsing() {
        #expect(Listener(parsing: "PLAINTEXT://:9092") == Listener(name: "PLAINTEXT", host: "", port: 9092))
        #expect(Listener(parsing: "CLIENT://[::1]:19092") == Listener(name: "CLIENT", host: "::1", port: 19092))
        #expect(Listener(parsing: "PLAINTEXT://h:99999") == nil)
        #expect(Listener(parsing: "h:9092") == nil)
        #expect(Listener.parseList("A://h:1,A://h:2") == nil, "listener names must be unique")
    }
}

/// The log cleaner's broker keys (Kafka's names and defaults) and the topic keys they default.
@Suite struct CleanerConfigKeysTests {
    let base = "broker.id=1\nzookeeper.connect=h:1\n"

    @Test func parsesTheCleanerKeysWithKafkasDefaults() throws {
        let defaults = try BrokerConfig.load(path: "f", text: base).config
        #expect(defaults.logCleanupPolicy == .delete && defaults.logCleanerEnable && defaults.logCleanerThreads == 1)
        #expect(defaults.logCleanerDedupeBufferSize == 134_217_728 && defaults.logCleanerIoBufferLoadFactor == 0.9)
        #expect(defaults.logCleanerIoMaxBytesPerSecond == .greatestFiniteMagnitude)
        #expect(defaults.logCleanerBackoffMs == 15_000 && defaults.logCleanerMinCleanableRatio == 0.5)
        #expect(defaults.logCleanerDeleteRetentionMs == 86_400_000 && defaults.logCleanerMaxCompactionLagMs == .max)
        let text = base + """
            log.cleanup.policy=compact, delete
            log.cleaner.enable=false
            log.cleaner.threads=2
            log.cleaner.dedupe.buffer.size=1048576
            log.cleaner.io.max.bytes.per.second=1.5E6
            log.cleaner.backoff.ms=200
            log.cleaner.min.cleanable.ratio=0.25
            log.cleaner.delete.retention.ms=1000
            log.cleaner.min.compaction.lag.ms=5
            log.cleaner.max.compaction.lag.ms=60000
            """
        let loaded = try BrokerConfig.load(path: "f", text: text)
        #expect(loaded.warnings.isEmpty)
        let config = loaded.config
        #expect(config.logCleanupPolicy == [.compact, .delete] && !config.logCleanerEnable && config.logCleanerThreads == 2)
        #expect(config.logCleanerIoMaxBytesPerSecond == 1_500_000 && config.logCleanerBackoffMs == 200)
        #expect(config.logCleanerMinCleanableRatio == 0.25 && config.logCleanerMaxCompactionLagMs == 60_000)
    }

    @Test(arguments: ["log.cleanup.policy=forever", "log.cleaner.min.cleanable.ratio=1.5",
                      "log.cleaner.io.max.bytes.per.second=fast", "log.cleaner.max.compaction.lag.ms=0",
                      "log.cleaner.threads=-1", "log.cleaner.io.buffer.load.factor=NaN"])
    func refusesABadValue(line: String) throws {
        let error = try #require(throws: ConfigError.self) { try BrokerConfig.load(path: "f", text: base + line) }
        #expect(error.line == 3)
    }
}
