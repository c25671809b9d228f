import ArgumentParser
import Broker
import Foundation
import KafkaClient
import KafkaRecords

// Pieces shared by the client subcommands (topics, produce, consume, perf).

/// `--bootstrap-server` and `--command-config`, as Kafka's tools spell them.
struct BootstrapOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-server"),
            help: "Broker(s) to connect to first, host:port[,host:port...].")
    var bootstrapServer = "127.0.0.1:9092"

    @Option(name: .customLong("command-config"),
            help: ArgumentHelp("Client properties file: security.protocol (SSL, SASL_PLAINTEXT, SASL_SSL), "
                               + "ssl.truststore.location, ssl.keystore.location, ssl.key.password, ... (PEM stores), "
                               + "sasl.mechanism, sasl.jaas.config.", valueName: "file"))
    var commandConfig: String?

    /// What the client's connections do first (TLS, a SASL login) as the `--command-config` file describes it;
    /// plaintext without one.
    /// - Throws: `CommandFailure` naming the file and the key that cannot be used.
    func clientSecurity() throws -> ConnectionSecurity {
        guard let commandConfig else { return .plaintext }
        let text: String
        do {
            text = try String(contentsOfFile: commandConfig, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read --command-config \(commandConfig): \(error.localizedDescription)")
        }
        do {
            let file = try PropertiesFile(path: commandConfig, text: text)
            let properties = Dictionary(file.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
            return try ClientSecurity(properties: properties).makeConnectionSecurity()
        } catch let invalid as TLSSettings.Invalid {
            throw CommandFailure("\(commandConfig): \(invalid)")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// `--output text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// A failure the user must see: printed to stderr as `error: ...`, exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a subcommand body; any error is printed on stderr and turned into exit code 1.
func runReportingFailure(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printToStandardError("error: \(error)")
        throw ExitCode.failure
    }
}

func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// One JSON document on stdout (keys sorted, so output is stable).
func printJSON(_ value: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    print(String(decoding: data, as: UTF8.self))
}

extension ProducerConfiguration.Acks: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased() {
        case "0": self = .none
        case "1": self = .leader
        case "all", "-1": self = .all
        default: return nil
        }
    }

    public static var allValueStrings: [String] { ["0", "1", "all"] }
}

extension CompressionCodec: ExpressibleByArgument {
    public init?(argument: String) {
        guard let codec = CompressionCodec.allCases.first(where: { $0.description == argument.lowercased() })
        else { return nil }
        self = codec
    }

    public static var allValueStrings: [String] { CompressionCodec.allCases.map(\.description) }
}

/// Parses `key=value`.
func parseKeyValue(_ text: String, what: String) throws -> (String, String) {
    guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
        throw CommandFailure("\(what) '\(text)' is not key=value")
    }
    return (String(text[..<equals]), String(text[text.index(after: equals)...]))
}

extension Duration {
    /// Whole milliseconds, for printing.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

/// Columns padded to their widest cell.
func printTable(_ rows: [[String]]) {
    guard let first = rows.first else { return }
    let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
        print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
}
