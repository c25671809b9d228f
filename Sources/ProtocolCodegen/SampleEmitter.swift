/// Emits, for the tests, a `sample(version:)` per message and structure: every field the version carries set
/// to a value other than its default, so a round trip exercises every field, tagged ones included.
enum SampleEmitter {
    static func source(_ emitters: [MessageEmitter]) -> String {
        let out = SourceWriter()
        out.line("// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas")
        out.line("")
        out.line("import KafkaModel")
        out.line("import KafkaProtocol")
        out.line("import NIOCore")
        out.line("")
        out.line("/// Every message type with a sample value per version.")
        out.line("enum MessageSamples {")
        out.line("    static var all: [any SampledMessage.Type] {")
        out.line("        [")
        for emitter in emitters { out.line("            \(emitter.message.name).self,") }
        out.line("        ]")
        out.line("    }")
        out.line("}")
        for emitter in emitters {
            let message = emitter.message
            var counter = 0
            out.line("")
            out.line("extension \(message.name): SampledMessage {")
            out.indent {
                sampleFunction(emitter, fields: message.fields, type: message.name, counter: &counter, into: out)
            }
            out.line("}")
            for nested in emitter.structs {
                out.line("")
                out.line("extension \(message.name).\(nested.name) {")
                out.indent {
                    sampleFunction(emitter, fields: nested.fields, type: "\(message.name).\(nested.name)",
                                   counter: &counter, into: out)
                }
                out.line("}")
            }
        }
        return out.text
    }

    private static func sampleFunction(
        _ emitter: MessageEmitter, fields: [FieldSpec], type: String, counter: inout Int, into out: SourceWriter
    ) {
        out.line("static func sample(version: Int16) -> \(type) {")
        out.indent {
            out.line(fields.isEmpty ? "let value = \(type)()" : "var value = \(type)()")
            for field in fields {
                let assignment = "value.\(SwiftNames.property(field.name)) = "
                    + sampleValue(emitter, field.type, field, counter: &counter)
                out.conditional(field.versions.condition(maxVersion: emitter.message.maxVersion), assignment)
            }
            out.line("return value")
        }
        out.line("}")
    }

    private static func sampleValue(
        _ emitter: MessageEmitter, _ type: FieldType, _ field: FieldSpec, counter: inout Int
    ) -> String {
        counter += 1
        var number = counter
        let defaultText = field.defaultValue.map(MessageEmitter.integerLiteral)
        if case .int8 = type { number = number % 100 + 1 }
        if String(number) == defaultText { number += 1 }
        func wrapped(_ literal: String) -> String {
            emitter.wrapper(type, field).map { "\($0)(rawValue: \(literal))" } ?? literal
        }
        let qualified = emitter.message.name
        switch type {
        case .int8, .int16, .int32, .int64, .uint16, .uint32: return wrapped(String(number))
        case .bool: return field.defaultValue == "true" ? "false" : "true"
        case .float64: return "\(number).5"
        case .string: return wrapped("\"s\(number)\"")
        case .bytes, .records: return "ByteBuffer(bytes: [\(number % 256), 171, 205])"
        case .uuid: return "KafkaUUID(mostSignificantBits: \(number), leastSignificantBits: \(number + 1))"
        case .array(let element):
            if case .structure(let name) = element { return "[\(qualified).\(name).sample(version: version)]" }
            let first = sampleValue(emitter, element, field, counter: &counter)
            let second = sampleValue(emitter, element, field, counter: &counter)
            return "[\(first), \(second)]"
        case .structure(let name): return "\(qualified).\(name).sample(version: version)"
        }
    }
}
