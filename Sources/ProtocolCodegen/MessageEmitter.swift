/// Emits one message struct (with its nested structures) as Swift source.
struct MessageEmitter {
    let message: MessageSpec
    /// Every structure of the message, shared ones first, by name.
    private(set) var structs: [StructSpec] = []

    init(message: MessageSpec) throws {
        self.message = message
        structs = message.commonStructs
        try collectStructs(message.fields)
        try checkReferences(message.fields)
        for shared in message.commonStructs { try checkReferences(shared.fields) }
    }

    private mutating func collectStructs(_ fields: [FieldSpec]) throws {
        for field in fields where !field.children.isEmpty {
            guard let name = Self.structName(field.type) else {
                throw SchemaError("\(message.name).\(field.name): only structures have fields")
            }
            guard !structs.contains(where: { $0.name == name }) else {
                throw SchemaError("\(message.name): structure \(name) declared twice")
            }
            structs.append(StructSpec(name: name, fields: field.children))
            try collectStructs(field.children)
        }
    }

    private func checkReferences(_ fields: [FieldSpec]) throws {
        for field in fields {
            if let name = Self.structName(field.type), !structs.contains(where: { $0.name == name }) {
                throw SchemaError("\(message.name).\(field.name): unknown structure \(name)")
            }
            if field.defaultValue == "null" && field.nullableVersions == nil {
                throw SchemaError("\(message.name).\(field.name): null default on a non-nullable field")
            }
            try checkReferences(field.children)
        }
    }

    static func structName(_ type: FieldType) -> String? {
        switch type {
        case .structure(let name): return name
        case .array(let element): return structName(element)
        default: return nil
        }
    }

    // MARK: Source

    func source() -> String {
        let kind = message.isRequest ? "KafkaRequestMessage" : "KafkaResponseMessage"
        let api = String(message.name.dropLast(message.isRequest ? 7 : 8))
        let out = SourceWriter()
        out.line("// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/\(message.schemaFile)")
        out.line("// Regenerate with `swift run ProtocolGenerator`.")
        out.line("")
        out.line("import KafkaModel")
        out.line("import NIOCore")
        out.line("")
        let flexibleText = message.firstFlexibleVersion.map { "flexible from version \($0)" } ?? "never flexible"
        out.line("/// Kafka's \(api) \(message.isRequest ? "request" : "response") body (API key \(message.apiKey)),")
        out.line("/// versions 0–\(message.maxVersion), \(flexibleText).")
        out.line("public struct \(message.name): \(kind) {")
        out.indent {
            out.line("public static let apiKey: ApiKey = .\(SwiftNames.enumCase(api))")
            out.line("public static let versions: ClosedRange<Int16> = 0...\(message.maxVersion)")
            out.line("public static let firstFlexibleVersion: Int16? = \(message.firstFlexibleVersion.map(String.init) ?? "nil")")
            if message.isRequest { out.line("public typealias Response = \(api)Response") }
            out.line("")
            body(fields: message.fields, isMessage: true, into: out)
            for nested in structs {
                out.line("")
                out.line("/// The `\(nested.name)` structure of `\(message.name)`.")
                out.line("public struct \(nested.name): Hashable, Sendable {")
                out.indent { body(fields: nested.fields, isMessage: false, into: out) }
                out.line("}")
            }
        }
        out.line("}")
        return out.text
    }

    private func body(fields: [FieldSpec], isMessage: Bool, into out: SourceWriter) {
        for field in fields {
            out.line("/// `\(field.name)`: \(field.type.schemaText), versions \(field.versions.text)"
                + (field.nullableVersions.map { ", nullable \($0.text)" } ?? "")
                + (field.tag.map { ", tag \($0) in versions \(field.taggedVersions!.text)" } ?? "") + ".")
            out.line("public var \(SwiftNames.property(field.name)): \(swiftType(field))")
        }
        if !fields.isEmpty { out.line("") }

        // Memberwise initializer with every field defaulted.
        let parameters = fields.map { "\(SwiftNames.property($0.name)): \(swiftType($0)) = \(defaultValue($0))" }
        if parameters.isEmpty {
            out.line("public init() {}")
        } else {
            out.line("public init(")
            out.indent {
                for (index, parameter) in parameters.enumerated() {
                    out.line(parameter + (index == parameters.count - 1 ? "" : ","))
                }
            }
            out.line(") {")
            out.indent {
                for field in fields {
                    let name = SwiftNames.property(field.name)
                    out.line("self.\(name) = \(name)")
                }
            }
            out.line("}")
        }
        out.line("")

        // Decoding.
        out.line("public init(from buffer: inout ByteBuffer, version: Int16) throws {")
        out.indent {
            if isMessage { out.line("try Self.checkVersion(version)") }
            if !fields.isEmpty { out.line("self.init()") }
            let lines = SourceWriter()
            for field in fields where field.tag == nil {
                let target = "self.\(SwiftNames.property(field.name))"
                let read = readExpression(field.type, field, buffer: "buffer", optional: field.nullableVersions != nil)
                lines.conditional(field.versions.condition(maxVersion: message.maxVersion), "\(target) = \(read)")
            }
            if message.firstFlexibleVersion != nil {
                let tagged = fields.filter { $0.tag != nil }.sorted { $0.tag! < $1.tag! }
                lines.line("if flexible {")
                lines.indent {
                    if tagged.isEmpty {
                        lines.line("_ = try buffer.readTaggedFields()")
                    } else {
                        lines.line("for field in try buffer.readTaggedFields() {")
                        lines.indent {
                            lines.line("var data = field.data")
                            lines.line("switch field.tag {")
                            for field in tagged {
                                let condition = field.taggedVersions!.condition(maxVersion: message.maxVersion)
                                lines.line("case \(field.tag!)" + (condition.map { " where \($0)" } ?? "") + ":")
                                let read = readExpression(field.type, field, buffer: "data", optional: field.nullableVersions != nil)
                                lines.line("    self.\(SwiftNames.property(field.name)) = \(read)")
                            }
                            lines.line("default:")
                            lines.line("    break")
                            lines.line("}")
                        }
                        lines.line("}")
                    }
                }
                lines.line("}")
            }
            out.flexibleDeclaration(message.firstFlexibleVersion, usedBy: lines)
            out.append(lines)
        }
        out.line("}")
        out.line("")

        // Encoding.
        out.line("public func write(into buffer: inout ByteBuffer, version: Int16) {")
        out.indent {
            let lines = SourceWriter()
            for field in fields where field.tag == nil {
                let write = writeStatement(field.type, field, value: "self.\(SwiftNames.property(field.name))",
                                           buffer: "buffer", optional: field.nullableVersions != nil)
                lines.conditional(field.versions.condition(maxVersion: message.maxVersion), write)
            }
            if message.firstFlexibleVersion != nil {
                let tagged = fields.filter { $0.tag != nil }.sorted { $0.tag! < $1.tag! }
                lines.line("if flexible {")
                lines.indent {
                    if tagged.isEmpty {
                        lines.line("buffer.writeEmptyTaggedFields()")
                    } else {
                        lines.line("var tagged: [TaggedField] = []")
                        for field in tagged {
                            let name = "self.\(SwiftNames.property(field.name))"
                            var condition = "\(name) != \(defaultValue(field))"
                            if let versions = field.taggedVersions!.condition(maxVersion: message.maxVersion) {
                                condition = "\(versions) && \(condition)"
                            }
                            lines.line("if \(condition) {")
                            lines.indent {
                                lines.line("var data = ByteBuffer()")
                                lines.line(writeStatement(field.type, field, value: name, buffer: "data",
                                                          optional: field.nullableVersions != nil))
                                lines.line("tagged.append(TaggedField(tag: \(field.tag!), data: data))")
                            }
                            lines.line("}")
                        }
                        lines.line("buffer.writeTaggedFields(tagged)")
                    }
                }
                lines.line("}")
            }
            out.flexibleDeclaration(message.firstFlexibleVersion, usedBy: lines)
            out.append(lines)
        }
        out.line("}")
    }

    // MARK: Types and values

    func swiftType(_ field: FieldSpec) -> String {
        baseType(field.type, field) + (field.nullableVersions != nil ? "?" : "")
    }

    func baseType(_ type: FieldType, _ field: FieldSpec) -> String {
        switch type {
        case .int8: return "Int8"
        case .int16: return isErrorCode(field) ? "KafkaErrorCode" : "Int16"
        case .int32: return field.entity == "brokerId" ? "KafkaModel.BrokerID" : "Int32"
        case .int64: return "Int64"
        case .uint16: return "UInt16"
        case .uint32: return "UInt32"
        case .bool: return "Bool"
        case .float64: return "Double"
        case .string: return field.entity == "topicName" ? "KafkaModel.TopicName" : "String"
        case .bytes, .records: return "ByteBuffer"
        case .uuid: return "KafkaUUID"
        case .array(let element): return "[\(baseType(element, field))]"
        case .structure(let name): return name
        }
    }

    /// The wrapper type around a fixed-width integer or string, if the field maps to one.
    func wrapper(_ type: FieldType, _ field: FieldSpec) -> String? {
        switch type {
        case .int16 where isErrorCode(field): return "KafkaErrorCode"
        case .int32 where field.entity == "brokerId": return "KafkaModel.BrokerID"
        case .string where field.entity == "topicName": return "KafkaModel.TopicName"
        default: return nil
        }
    }

    func isErrorCode(_ field: FieldSpec) -> Bool { field.name.hasSuffix("ErrorCode") }

    static func integerLiteral(_ text: String) -> String {
        if text.hasPrefix("0x") { return String(Int64(text.dropFirst(2), radix: 16) ?? 0) }
        return text
    }

    func defaultValue(_ field: FieldSpec) -> String {
        let given = field.defaultValue
        if given == "null" { return "nil" }
        func wrapped(_ literal: String) -> String {
            wrapper(field.type, field).map { "\($0)(rawValue: \(literal))" } ?? literal
        }
        switch field.type {
        case .int8, .int16, .int32, .int64, .uint16, .uint32:
            return wrapped(Self.integerLiteral(given ?? "0"))
        case .bool: return given ?? "false"
        case .float64: return given ?? "0"
        case .string: return wrapped("\"\"")
        case .bytes: return "ByteBuffer()"
        case .records: return field.nullableVersions != nil ? "nil" : "ByteBuffer()"
        case .uuid: return "KafkaUUID.zero"
        case .array: return "[]"
        case .structure(let name): return "\(name)()"
        }
    }

    // MARK: Reading and writing

    private func allowNull(_ field: FieldSpec) -> String {
        field.nullableVersions!.condition(maxVersion: message.maxVersion) ?? "true"
    }

    func readExpression(_ type: FieldType, _ field: FieldSpec, buffer: String, optional: Bool) -> String {
        func integer(_ swift: String) -> String {
            let read = "\(buffer).readKafkaInteger(as: \(swift).self)"
            return wrapper(type, field).map { "try \($0)(rawValue: \(read))" } ?? "try \(read)"
        }
        switch type {
        case .int8: return integer("Int8")
        case .int16: return integer("Int16")
        case .int32: return integer("Int32")
        case .int64: return integer("Int64")
        case .uint16: return integer("UInt16")
        case .uint32: return integer("UInt32")
        case .bool: return "try \(buffer).readKafkaBool()"
        case .float64: return "try \(buffer).readKafkaFloat64()"
        case .uuid: return "try \(buffer).readKafkaUUID()"
        case .string:
            let wrap = wrapper(type, field)
            if optional {
                let read = "try \(buffer).readKafkaNullableString(compact: flexible, allowNull: \(allowNull(field)))"
                return wrap.map { "\(read).map { \($0)(rawValue: $0) }" } ?? read
            }
            let read = "\(buffer).readKafkaString(compact: flexible)"
            return wrap.map { "try \($0)(rawValue: \(read))" } ?? "try \(read)"
        case .bytes, .records:
            if optional {
                return "try \(buffer).readKafkaNullableBytes(compact: flexible, allowNull: \(allowNull(field)))"
            }
            return "try \(buffer).readKafkaBytes(compact: flexible)"
        case .array(let element):
            let elementType = baseType(element, field)
            let readElement = readExpression(element, field, buffer: "element", optional: false)
            let closure = "{ (element: inout ByteBuffer) throws -> \(elementType) in \(readElement) }"
            if optional {
                return "try \(buffer).readKafkaNullableArray(compact: flexible, allowNull: \(allowNull(field))) \(closure)"
            }
            return "try \(buffer).readKafkaArray(compact: flexible) \(closure)"
        case .structure(let name):
            return "try \(name)(from: &\(buffer), version: version)"
        }
    }

    func writeStatement(_ type: FieldType, _ field: FieldSpec, value: String, buffer: String, optional: Bool) -> String {
        let raw = wrapper(type, field) != nil ? (optional ? "\(value)?.rawValue" : "\(value).rawValue") : value
        switch type {
        case .int8, .int16, .int32, .int64, .uint16, .uint32:
            return "\(buffer).writeKafkaInteger(\(raw))"
        case .bool: return "\(buffer).writeKafkaBool(\(value))"
        case .float64: return "\(buffer).writeKafkaFloat64(\(value))"
        case .uuid: return "\(buffer).writeKafkaUUID(\(value))"
        case .string:
            return "\(buffer).writeKafka\(optional ? "Nullable" : "")String(\(raw), compact: flexible)"
        case .bytes, .records:
            return "\(buffer).writeKafka\(optional ? "Nullable" : "")Bytes(\(value), compact: flexible)"
        case .array(let element):
            let elementType = baseType(element, field)
            let writeElement = writeStatement(element, field, value: "element", buffer: "output", optional: false)
            return "\(buffer).writeKafka\(optional ? "Nullable" : "")Array(\(value), compact: flexible) "
                + "{ (element: \(elementType), output: inout ByteBuffer) in \(writeElement) }"
        case .structure:
            return "\(value).write(into: &\(buffer), version: version)"
        }
    }
}

/// Accumulates indented source lines. A class so that `indent { }` closures can write to it.
final class SourceWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    var text: String { lines.joined(separator: "\n") + "\n" }

    func line(_ text: String) {
        lines.append(text.isEmpty ? "" : String(repeating: "    ", count: depth) + text)
    }

    func indent(_ body: () -> Void) {
        depth += 1
        body()
        depth -= 1
    }

    /// `statement`, wrapped in `if condition { }` unless the condition is always true.
    func conditional(_ condition: String?, _ statement: String) {
        guard let condition else {
            line(statement)
            return
        }
        line("if \(condition) {")
        line("    " + statement)
        line("}")
    }

    func append(_ other: SourceWriter) {
        for text in other.lines {
            line(text)
        }
    }

    /// Declares `flexible` when the lines use it.
    func flexibleDeclaration(_ firstFlexibleVersion: Int?, usedBy other: SourceWriter) {
        guard other.lines.contains(where: { $0.contains("flexible") }) else { return }
        line("let flexible = " + (firstFlexibleVersion.map { "version >= \($0)" } ?? "false"))
    }
}
