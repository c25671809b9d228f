/// Turns the schemas under Sources/ProtocolGenerator/Schemas into Swift sources: one file per message, the `ApiKey`
/// enum, the message catalog, and the test samples. Pure: takes file contents, returns file contents.
public enum ProtocolCodegen {
    /// Where generated library sources go, relative to the package root.
    public static let libraryDirectory = "Sources/KafkaProtocol/Generated"
    /// Where generated test sources go, relative to the package root.
    public static let testDirectory = "Tests/KafkaProtocolTests/Generated"
    /// Where the schemas live, relative to the package root.
    public static let schemaDirectory = "Sources/ProtocolGenerator/Schemas"

    /// Generates every output file.
    /// - Parameter schemas: schema file name (`Fetch.schema`, `ApiKeys.schema`) → contents.
    /// - Returns: path relative to the package root → contents.
    /// - Throws: a description of the first schema error.
    public static func generate(schemas: [String: String]) throws -> [String: String] {
        guard let apiKeyText = schemas["ApiKeys.schema"] else { throw SchemaError("ApiKeys.schema is missing") }
        let apiKeys = try SchemaParser.parseApiKeys(apiKeyText)
        var messages: [MessageSpec] = []
        for (file, text) in schemas.sorted(by: { $0.key < $1.key }) where file != "ApiKeys.schema" {
            messages += try SchemaParser.parseMessages(text, file: file)
        }
        var outputs: [String: String] = [:]
        var emitters: [MessageEmitter] = []
        for message in messages {
            guard apiKeys.contains(where: { $0.key == message.apiKey }) else {
                throw SchemaError("\(message.name): API key \(message.apiKey) is not in ApiKeys.schema")
            }
            let emitter = try MessageEmitter(message: message)
            outputs["\(libraryDirectory)/\(message.name).swift"] = emitter.source()
            emitters.append(emitter)
        }
        outputs["\(libraryDirectory)/ApiKey.swift"] = apiKeySource(apiKeys)
        outputs["\(libraryDirectory)/KafkaMessageCatalog.swift"] = catalogSource(messages)
        outputs["\(testDirectory)/MessageSamples.swift"] = SampleEmitter.source(emitters)
        return outputs
    }

    static func apiKeySource(_ keys: [ApiKeySpec]) -> String {
        let out = SourceWriter()
        out.line("// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ApiKeys.schema")
        out.line("")
        out.line("/// Every request type Kafka defines, by its wire number.")
        out.line("public enum ApiKey: Int16, CaseIterable, Sendable, CustomStringConvertible {")
        out.indent {
            for key in keys { out.line("case \(SwiftNames.enumCase(key.name)) = \(key.key)") }
            out.line("")
            out.line("/// Kafka's name for the API (`ApiVersions`).")
            out.line("public var name: String {")
            out.indent {
                out.line("switch self {")
                for key in keys { out.line("case .\(SwiftNames.enumCase(key.name)): return \"\(key.name)\"") }
                out.line("}")
            }
            out.line("}")
            out.line("")
            out.line("/// The first version using compact encodings and tagged fields, nil when none does.")
            out.line("public var firstFlexibleVersion: Int16? {")
            out.indent {
                out.line("switch self {")
                for key in keys {
                    out.line("case .\(SwiftNames.enumCase(key.name)): return \(key.firstFlexibleVersion.map(String.init) ?? "nil")")
                }
                out.line("}")
            }
            out.line("}")
            out.line("")
            out.line("public var description: String { name }")
        }
        out.line("}")
        return out.text
    }

    static func catalogSource(_ messages: [MessageSpec]) -> String {
        let out = SourceWriter()
        out.line("// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas")
        out.line("")
        out.line("/// Every message type this module can read and write.")
        out.line("public enum KafkaMessageCatalog {")
        out.indent {
            for (title, isRequest) in [("requests", true), ("responses", false)] {
                let protocolName = isRequest ? "KafkaRequestMessage" : "KafkaResponseMessage"
                out.line("/// Every \(isRequest ? "request" : "response") type, in API key order.")
                out.line("public static var \(title): [any \(protocolName).Type] {")
                out.indent {
                    out.line("[")
                    for message in messages.filter({ $0.isRequest == isRequest }).sorted(by: { $0.apiKey < $1.apiKey }) {
                        out.line("    \(message.name).self,")
                    }
                    out.line("]")
                }
                out.line("}")
                out.line("")
            }
            out.line("/// The request type for an API key, nil when this module has none.")
            out.line("public static func requestType(for apiKey: ApiKey) -> (any KafkaRequestMessage.Type)? {")
            out.line("    requests.first { $0.apiKey == apiKey }")
            out.line("}")
            out.line("")
            out.line("/// The response type for an API key, nil when this module has none.")
            out.line("public static func responseType(for apiKey: ApiKey) -> (any KafkaResponseMessage.Type)? {")
            out.line("    responses.first { $0.apiKey == apiKey }")
            out.line("}")
        }
        out.line("}")
        return out.text
    }
}
