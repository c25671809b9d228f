import Logging
import Testing
import TributaryLogging

@Suite struct LogLevelRegistryTests {
    @Test func aLoggerTakesItsNearestAncestorsLevel() {
        let registry = LogLevelRegistry(root: .warn, levels: ["tributary.zookeeper": .debug])
        #expect(registry.level(of: "tributary.zookeeper.session") == .debug)
        #expect(registry.level(of: "tributary.zookeeper") == .debug)
        #expect(registry.level(of: "tributary.controller") == .warn)
        #expect(registry.level(of: LogLevelRegistry.rootLoggerName) == .warn)
    }

    @Test func handlersAlreadyMadeFollowARuntimeChange() throws {
        let registry = LogLevelRegistry(root: .info)
        let writer = LogWriter(destination: .standardError)
        let handler = TributaryLogHandler(label: "tributary.request", registry: registry,
                                          formatter: LogLineFormatter(format: .plain), writer: writer)
        #expect(handler.logLevel == .info)
        registry.set("tributary.request", to: .debug)
        #expect(handler.logLevel == .debug)
        registry.set(LogLevelRegistry.rootLoggerName, to: .error)
        #expect(handler.logLevel == .debug, "its own level outranks the root's")
        registry.unset("tributary.request")
        #expect(handler.logLevel == .error, "without its own level it follows the root again")
    }

    @Test func listsTheRootFirstThenEveryKnownLoggerWithItsEffectiveLevel() {
        let registry = LogLevelRegistry(root: .info, levels: ["tributary.controller": .trace])
        // A logger exists once a handler is made for it (swift-log makes one per `Logger(label:)`).
        _ = TributaryLogHandler(label: "tributary.zookeeper.library", registry: registry,
                                formatter: LogLineFormatter(format: .plain), writer: LogWriter(destination: .standardError))
        let loggers = Dictionary(uniqueKeysWithValues: registry.loggers.map { ($0.name, $0.level) })
        #expect(registry.loggers.first?.name == "root")
        #expect(loggers["tributary.controller"] == .trace)
        #expect(loggers["tributary.zookeeper.library"] == .info)
        for subsystem in LogSubsystem.allCases { #expect(loggers[subsystem.label] != nil) }
        #expect(registry.exists("tributary.zookeeper.library"))
        #expect(!registry.exists("tributary.nonsense"))
    }

    @Test func levelsParseKafkasNamesExactlyAndConfigValuesLoosely() {
        #expect(LogLevel(kafkaName: "WARN") == .warn)
        #expect(LogLevel(kafkaName: "warn") == nil)
        #expect(LogLevel(configValue: "warning") == .warn)
        #expect(LogLevel(configValue: "Debug") == .debug)
        #expect(LogLevel(configValue: "critical") == .fatal)
        #expect(LogLevel(configValue: "loud") == nil)
        #expect(LogLevel.fatal.threshold == .critical)
    }

    @Test func settingsReadEveryLoggingKey() throws {
        var settings = LoggingSettings()
        try settings.apply(key: "tributary.log.level", value: "warn")
        try settings.apply(key: "tributary.log.level.controller", value: "DEBUG")
        try settings.apply(key: "tributary.log.level.zookeeper.session", value: "trace")
        try settings.apply(key: "tributary.log.format", value: "json")
        try settings.apply(key: "tributary.log.file", value: "/var/log/tributary/server.log")
        try settings.apply(key: "tributary.log.file.max.bytes", value: "2048")
        try settings.apply(key: "tributary.log.file.max.backups", value: "3")
        #expect(settings.rootLevel == .warn)
        #expect(settings.levels == ["tributary.controller": .debug, "tributary.zookeeper.session": .trace])
        #expect(settings.format == .json)
        #expect(settings.destination == .file(path: "/var/log/tributary/server.log", maxBytes: 2048, maxBackups: 3))
        #expect(throws: LoggingSettingError.self) { try settings.apply(key: "tributary.log.level", value: "loud") }
        #expect(throws: LoggingSettingError.self) { try settings.apply(key: "tributary.log.file.max.bytes", value: "10") }
        #expect(throws: LoggingSettingError.self) { try settings.apply(key: "tributary.log.format", value: "xml") }
        #expect(throws: LoggingSettingError.self) { try settings.apply(key: "tributary.log.level.", value: "info") }
        #expect(LoggingSettings.isLoggingKey("tributary.log.level.network"))
        #expect(!LoggingSettings.isLoggingKey("log.dirs"))
    }
}
