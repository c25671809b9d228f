/// Java's JAAS login configuration as Kafka reads it: a file of named sections (`Client { ... };` for the
/// ZooKeeper client, `KafkaServer { ... };`), or one section's entries inline (`sasl.jaas.config`). Each entry is
/// `<login module class> <flag> key="value" ...;`. Comments (`//`, `/* */`) are skipped. Parsing never traps:
/// anything malformed is a `JaasConfig.Invalid` naming what is wrong.
public struct JaasConfig: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var loginModule: String
        /// `required`, `requisite`, `sufficient` or `optional`.
        public var flag: String
        public var options: [String: String]

        public init(loginModule: String, flag: String, options: [String: String]) {
            self.loginModule = loginModule
            self.flag = flag
            self.options = options
        }
    }

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let message: String
        public var description: String { message }

        public init(message: String) { self.message = message }
    }

    /// The sections of a JAAS file, by name.
    public var sections: [String: [Entry]]

    public init(sections: [String: [Entry]]) { self.sections = sections }

    /// Parses a JAAS file's text.
    public static func parseFile(_ text: String) throws(Invalid) -> JaasConfig {
        var tokens = try Tokenizer.tokens(of: text)[...]
        var sections: [String: [Entry]] = [:]
        while let first = tokens.first {
            guard case .word(let name) = first else { throw Invalid(message: "expected a section name, found \(first)") }
            tokens.removeFirst()
            try expect(.openBrace, in: &tokens, after: name)
            var entries: [Entry] = []
            while let next = tokens.first, next != .closeBrace { entries.append(try entry(from: &tokens)) }
            try expect(.closeBrace, in: &tokens, after: name)
            try expect(.semicolon, in: &tokens, after: name)
            sections[name] = entries
        }
        return JaasConfig(sections: sections)
    }

    /// Parses the entries of one section written inline, as Kafka's `sasl.jaas.config` value.
    public static func parseEntries(_ text: String) throws(Invalid) -> [Entry] {
        var tokens = try Tokenizer.tokens(of: text)[...]
        var entries: [Entry] = []
        while !tokens.isEmpty { entries.append(try entry(from: &tokens)) }
        guard !entries.isEmpty else { throw Invalid(message: "no login module") }
        return entries
    }

    private static func entry(from tokens: inout ArraySlice<Token>) throws(Invalid) -> Entry {
        guard case .word(let module)? = tokens.popFirst() else { throw Invalid(message: "expected a login module class") }
        guard case .word(let flag)? = tokens.popFirst(),
              ["required", "requisite", "sufficient", "optional"].contains(flag.lowercased())
        else { throw Invalid(message: "login module \(module): expected required, requisite, sufficient or optional") }
        var options: [String: String] = [:]
        while true {
            switch tokens.popFirst() {
            case .semicolon?:
                return Entry(loginModule: module, flag: flag.lowercased(), options: options)
            case .word(let key)?:
                try expect(.equals, in: &tokens, after: key)
                switch tokens.popFirst() {
                case .word(let value)?, .string(let value)?: options[key] = value
                default: throw Invalid(message: "login module \(module): option \(key) has no value")
                }
            default:
                throw Invalid(message: "login module \(module): expected key=value or ';'")
            }
        }
    }

    private static func expect(_ token: Token, in tokens: inout ArraySlice<Token>, after what: String) throws(Invalid) {
        guard tokens.popFirst() == token else { throw Invalid(message: "expected '\(token)' after \(what)") }
    }

    enum Token: Equatable, CustomStringConvertible {
        case word(String), string(String), openBrace, closeBrace, semicolon, equals

        var description: String {
            switch self {
            case .word(let word): word
            case .string(let string): "\"\(string)\""
            case .openBrace: "{"
            case .closeBrace: "}"
            case .semicolon: ";"
            case .equals: "="
            }
        }
    }

    private enum Tokenizer {
        static func tokens(of text: String) throws(Invalid) -> [Token] {
            var tokens: [Token] = []
            let characters = Array(text.unicodeScalars)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                switch character {
                case " ", "\t", "\n", "\r":
                    index += 1
                case "{": tokens.append(.openBrace); index += 1
                case "}": tokens.append(.closeBrace); index += 1
                case ";": tokens.append(.semicolon); index += 1
                case "=": tokens.append(.equals); index += 1
                case "/" where index + 1 < characters.count && characters[index + 1] == "/":
                    while index < characters.count && characters[index] != "\n" { index += 1 }
                case "/" where index + 1 < characters.count && characters[index + 1] == "*":
                    index += 2
                    while index + 1 < characters.count && !(characters[index] == "*" && characters[index + 1] == "/") {
                        index += 1
                    }
                    guard index + 1 < characters.count else { throw Invalid(message: "unterminated comment") }
                    index += 2
                case "\"":
                    var value = String.UnicodeScalarView()
                    index += 1
                    while index < characters.count && characters[index] != "\"" {
                        // A backslash takes the next character as it is (Java's JAAS parser does the same).
                        if characters[index] == "\\" && index + 1 < characters.count { index += 1 }
                        value.append(characters[index])
                        index += 1
                    }
                    guard index < characters.count else { throw Invalid(message: "unterminated quoted value") }
                    index += 1
                    tokens.append(.string(String(value)))
                default:
                    var word = String.UnicodeScalarView()
                    while index < characters.count, !" \t\n\r{};=\"".unicodeScalars.contains(characters[index]) {
                        word.append(characters[index])
                        index += 1
                    }
                    tokens.append(.word(String(word)))
                }
            }
            return tokens
        }
    }
}
