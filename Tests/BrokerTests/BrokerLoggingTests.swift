@testable import Broker
import Foundation
import KafkaProtocol
import Testing
import TributaryLogging

@Suite struct BrokerLoggingTests {
    let file = """
        broker.id=1
        zookeeper.connect=127.0.0.1:2181
        tributary.log.level=warn
        tributary.log.level.controller=debug
        tributary.log.format=json
        """

    @Test func loggingKeysAreReadAndNotCalledUnknown() throws {
        let loaded = try BrokerConfig.load(path: "f", text: file)
        #expect(loaded.warnings.isEmpty)
        let settings = try BrokerConfig.loggingSettings(path: "f", text: file,
                                                        overrides: ["tributary.log.level.request=trace"])
        #expect(settings.rootLevel == .warn)
        #expect(settings.levels == ["tributary.controller": .debug, "tributary.request": .trace])
        #expect(settings.format == .json)
    }

    @Test func aBadLoggingValueNamesItsLineAndKey() {
        #expect(throws: ConfigError(file: "f", line: 3, key: "tributary.log.level",
                                    message: "must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL (any case), not 'loud'")) {
            try BrokerConfig.loggingSettings(path: "f", text: file.replacingOccurrences(of: "=warn", with: "=loud"))
        }
    }

    func alteration(_ changes: [(String, Int8, String?)], name: String = "1")
        -> IncrementalAlterConfigsRequest.AlterConfigsResource
    {
        .init(resourceType: ConfigResourceType.brokerLogger.rawValue, resourceName: name,
              configs: changes.map { .init(name: $0.0, configOperation: $0.1, value: $0.2) })
    }

    @Test func brokerLoggerDescribesSetsAndDeletesLevels() {
        let registry = LogLevelRegistry(root: .info)
        let loggers = BrokerLoggerConfigs(brokerID: 1, levels: registry)
        let described = loggers.describe(.init(resourceType: 8, resourceName: "1", configurationKeys: nil))
        #expect(described.errorCode == .none)
        #expect(described.configs.first?.name == "root")
        #expect(described.configs.contains { $0.name == "tributary.controller" && $0.value == "INFO" })
        #expect(described.configs.allSatisfy { $0.configSource == 6 && !$0.readOnly })

        #expect(loggers.alter(alteration([("tributary.controller", 0, "DEBUG")]), validateOnly: false).0 == .none)
        #expect(registry.level(of: "tributary.controller") == .debug)
        #expect(loggers.alter(alteration([("tributary.controller", 1, nil)]), validateOnly: false).0 == .none)
        #expect(registry.level(of: "tributary.controller") == .info)

        let filtered = loggers.describe(.init(resourceType: 8, resourceName: "1", configurationKeys: ["root"]))
        #expect(filtered.configs.map(\.name) == ["root"])
    }

    @Test func brokerLoggerRefusesWhatKafkaRefusesAndAppliesNothing() {
        let registry = LogLevelRegistry(root: .info)
        let loggers = BrokerLoggerConfigs(brokerID: 1, levels: registry)
        let refusals: [(IncrementalAlterConfigsRequest.AlterConfigsResource, KafkaErrorCode)] = [
            (alteration([("tributary.unknown", 0, "DEBUG")]), .invalidConfig),
            (alteration([("tributary.request", 0, "debug")]), .invalidConfig),
            (alteration([("tributary.request", 0, nil)]), .invalidConfig),
            (alteration([("root", 1, nil)]), .invalidRequest),
            (alteration([("tributary.request", 2, "DEBUG")]), .invalidRequest),
            (alteration([("tributary.request", 3, "DEBUG")]), .invalidRequest),
            (alteration([("tributary.request", 9, "DEBUG")]), .invalidRequest),
            (alteration([("tributary.request", 0, "DEBUG")], name: "2"), .invalidRequest),
            (alteration([("tributary.request", 0, "DEBUG")], name: ""), .invalidRequest),
            (alteration([("tributary.request", 0, "DEBUG"), ("tributary.nope", 0, "DEBUG")]), .invalidConfig),
        ]
        for (resource, code) in refusals {
            #expect(loggers.alter(resource, validateOnly: false).0 == code)
        }
        #expect(loggers.alter(alteration([("tributary.request", 0, "TRACE")]), validateOnly: true).0 == .none)
        #expect(registry.level(of: "tributary.request") == .info, "refused or validate-only changes apply nothing")
        #expect(loggers.describe(.init(resourceType: 8, resourceName: "", configurationKeys: nil)).errorCode
                == .invalidRequest)
    }
}
