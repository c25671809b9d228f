import TributaryLogging

/// The `tributary.log.*` keys of the properties file (their table: `LoggingSettings`). They are read apart from
/// `BrokerConfig` because the command line installs logging before the broker starts, and only it needs them.
extension BrokerConfig {
    /// The logging settings of `path` (its text given) with `overrides` applied.
    /// - Throws: `ConfigError` naming the file and line (or `--override`) and the key.
    public static func loggingSettings(path: String, text: String, overrides: [String] = []) throws
        -> LoggingSettings
    {
        var settings = LoggingSettings()
        for (key, origin) in try Self.keyValues(path: path, text: text, overrides: overrides).sorted(by: { $0.key < $1.key })
        where LoggingSettings.isLoggingKey(key) {
            do {
                try settings.apply(key: key, value: origin.value)
            } catch {
                throw ConfigError(file: origin.file, line: origin.line, key: key, message: error.message)
            }
        }
        return settings
    }
}
