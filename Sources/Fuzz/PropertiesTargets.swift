/// `server.properties`. PropertiesFile.swift and ConfigError.swift are symbolic links to the files in
/// Sources/Broker/Config, compiled into this module too, so the fuzzer need not link the whole broker.
enum PropertiesTargets {
    static func properties(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let file = try? PropertiesFile(path: "fuzz.properties", text: text) else { return }
        var keys = Set<String>()
        for entry in file.entries {
            precondition(!entry.key.isEmpty && keys.insert(entry.key).inserted, "bad or duplicate key \(entry.key)")
            precondition(entry.line >= 1, "entry \(entry.key) on line \(entry.line)")
        }
    }
}
