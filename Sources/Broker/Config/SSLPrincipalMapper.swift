/// `ssl.principal.mapping.rules`: how a client certificate's subject becomes a principal name, Kafka's syntax
/// (`SslPrincipalMapper`): comma-separated rules, tried in order, the first that matches wins:
///
/// - `DEFAULT`: the distinguished name itself (`CN=client,OU=eng,O=Acme`);
/// - `RULE:pattern/replacement/` with an optional `L` or `U` after the last slash (lower or upper case the
///   result): applies when `pattern` matches the whole name; `$1`… in `replacement` name its groups, and `\/`
///   is a slash inside a pattern or replacement.
///
/// A name no rule matches cannot be mapped, and its connection is refused.
public struct SSLPrincipalMapper: Sendable, Equatable {
    enum Rule: Sendable, Equatable {
        case `default`
        case rule(pattern: String, replacement: String, caseChange: Character?)
    }

    let rules: [Rule]

    /// Kafka's default: `DEFAULT`.
    public static let `default` = SSLPrincipalMapper(rules: [.default])

    init(rules: [Rule]) { self.rules = rules }

    /// - Throws: `BrokerConfig.ValueError` for a malformed rule or pattern.
    init(parsing text: String) throws(BrokerConfig.ValueError) {
        var rules: [Rule] = []
        var rest = Substring(text)
        func skipSpaces() { while rest.first?.isWhitespace == true { rest = rest.dropFirst() } }
        /// Reads up to the next unescaped `/` (escapes kept, as the pattern compiler and `expand` read them).
        func readSegment() throws(BrokerConfig.ValueError) -> String {
            var segment = ""
            while let character = rest.first {
                if character == "/" {
                    rest = rest.dropFirst()
                    return segment
                }
                if character == "\\" {
                    rest = rest.dropFirst()
                    guard let escaped = rest.first else { break }
                    segment += escaped == "/" ? "/" : "\\\(escaped)"
                    rest = rest.dropFirst()
                    continue
                }
                segment.append(character)
                rest = rest.dropFirst()
            }
            throw BrokerConfig.ValueError(message: "unterminated rule in '\(text)'")
        }
        while true {
            skipSpaces()
            if rest.isEmpty { break }
            if rest.hasPrefix("DEFAULT") {
                rest = rest.dropFirst("DEFAULT".count)
                rules.append(.default)
            } else if rest.hasPrefix("RULE:") {
                rest = rest.dropFirst("RULE:".count)
                let pattern = try readSegment()
                let replacement = try readSegment()
                var caseChange: Character?
                if let flag = rest.first, flag == "L" || flag == "U" {
                    caseChange = flag
                    rest = rest.dropFirst()
                }
                do {
                    _ = try Regex(pattern)
                } catch {
                    throw BrokerConfig.ValueError(message: "invalid pattern '\(pattern)': \(error)")
                }
                rules.append(.rule(pattern: pattern, replacement: replacement, caseChange: caseChange))
            } else {
                throw BrokerConfig.ValueError(message: "expected DEFAULT or RULE:pattern/replacement/, found '\(rest)'")
            }
            skipSpaces()
            if rest.isEmpty { break }
            guard rest.first == "," else {
                throw BrokerConfig.ValueError(message: "expected ',' between rules, found '\(rest)'")
            }
            rest = rest.dropFirst()
        }
        self.rules = rules.isEmpty ? [.default] : rules
    }

    /// The principal name for `distinguishedName`; nil when no rule applies.
    func map(_ distinguishedName: String) -> String? {
        for rule in rules {
            switch rule {
            case .default:
                return distinguishedName
            case let .rule(pattern, replacement, caseChange):
                guard let regex = try? Regex(pattern), (try? regex.wholeMatch(in: distinguishedName)) != nil
                else { continue }
                // Java's replaceAll: every match is replaced (a pattern that can match empty also matches at the end).
                let result = distinguishedName.replacing(regex) { Self.expand(replacement, with: $0) }
                switch caseChange {
                case "L": return result.lowercased()
                case "U": return result.uppercased()
                default: return result
                }
            }
        }
        return nil
    }

    /// Java's replacement syntax: `$n` is group n, `\c` is c.
    private static func expand(_ template: String, with match: Regex<AnyRegexOutput>.Match) -> String {
        var result = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            index = template.index(after: index)
            if character == "\\", index < template.endIndex {
                result.append(template[index])
                index = template.index(after: index)
            } else if character == "$", index < template.endIndex, let digit = template[index].wholeNumberValue {
                index = template.index(after: index)
                if digit < match.output.count, let group = match.output[digit].substring { result += group }
            } else {
                result.append(character)
            }
        }
        return result
    }
}
