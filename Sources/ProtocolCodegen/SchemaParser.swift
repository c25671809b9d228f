/// Parses the schema language described in Schema.swift.
enum SchemaParser {
    static func parseMessages(_ text: String, file: String) throws -> [MessageSpec] {
        var messages: [MessageSpec] = []
        // Stack of open fields by indentation; a field closes when a line at its level or shallower comes.
        var stack: [(indent: Int, field: FieldSpec)] = []
        var openStruct: StructSpec?

        func closeFields(downTo indent: Int) {
            while let top = stack.last, top.indent >= indent {
                stack.removeLast()
                if var parent = stack.popLast() {
                    parent.field.children.append(top.field)
                    stack.append(parent)
                } else if openStruct != nil {
                    openStruct!.fields.append(top.field)
                } else {
                    messages[messages.count - 1].fields.append(top.field)
                }
            }
        }
        func closeStruct() {
            if let done = openStruct {
                messages[messages.count - 1].commonStructs.append(done)
                openStruct = nil
            }
        }

        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingTrailingSpaces()
            let content = line.drop(while: { $0 == " " })
            if content.isEmpty || content.hasPrefix("#") { continue }
            let indent = line.count - content.count
            let words = content.split(separator: " ")
            do {
                if indent == 0 {
                    closeFields(downTo: 0)
                    closeStruct()
                    messages.append(try parseMessageLine(words, file: file))
                } else if words[0] == "struct" && indent == 2 {
                    closeFields(downTo: 0)
                    closeStruct()
                    guard words.count == 2 else { throw SchemaError("struct takes one name") }
                    openStruct = StructSpec(name: String(words[1]), fields: [])
                } else {
                    guard !messages.isEmpty else { throw SchemaError("field outside a message") }
                    if indent == 2 {
                        closeFields(downTo: 0)
                        closeStruct()
                    }
                    closeFields(downTo: indent)
                    let expectedTop = openStruct == nil ? 2 : 4
                    if stack.isEmpty && indent != expectedTop { throw SchemaError("bad indentation") }
                    stack.append((indent, try parseFieldLine(words)))
                }
            } catch let error as SchemaError {
                throw SchemaError("\(file):\(number + 1): \(error.description)")
            }
        }
        closeFields(downTo: 0)
        closeStruct()
        return messages
    }

    private static func parseMessageLine(_ words: [Substring], file: String) throws -> MessageSpec {
        guard words.count == 5, words[0] == "request" || words[0] == "response" else {
            throw SchemaError("expected 'request|response Name key=N versions=0-N flexible=V|none'")
        }
        let attributes = try attributesOf(words.dropFirst(2))
        guard let key = attributes["key"].flatMap({ Int($0) }),
            let versions = attributes["versions"], let flexible = attributes["flexible"]
        else { throw SchemaError("missing key, versions or flexible") }
        let range = try VersionRange(parsing: versions[...])
        guard range.lower == 0, let maxVersion = range.upper else { throw SchemaError("versions must be 0-N") }
        let firstFlexible = flexible == "none" ? nil : try VersionRange(parsing: flexible[...]).lower
        return MessageSpec(
            isRequest: words[0] == "request", name: String(words[1]), apiKey: key, maxVersion: maxVersion,
            firstFlexibleVersion: firstFlexible, commonStructs: [], fields: [], schemaFile: file)
    }

    private static func parseFieldLine(_ words: [Substring]) throws -> FieldSpec {
        guard words.count >= 3, words[2].hasPrefix("v") else { throw SchemaError("expected 'Name type vV ...'") }
        let attributes = try attributesOf(words.dropFirst(3))
        for name in attributes.keys where !["nullable", "tag", "tagged", "default", "entity"].contains(name) {
            throw SchemaError("unknown attribute '\(name)'")
        }
        var field = FieldSpec(
            name: String(words[0]), type: FieldType(parsing: String(words[1])),
            versions: try VersionRange(parsing: words[2].dropFirst()))
        field.nullableVersions = try attributes["nullable"].map { try VersionRange(parsing: $0[...]) }
        field.taggedVersions = try attributes["tagged"].map { try VersionRange(parsing: $0[...]) }
        field.tag = attributes["tag"].flatMap { Int($0) }
        if (field.tag == nil) != (field.taggedVersions == nil) { throw SchemaError("tag and tagged go together") }
        field.defaultValue = attributes["default"]
        field.entity = attributes["entity"]
        return field
    }

    private static func attributesOf(_ words: ArraySlice<Substring>) throws -> [String: String] {
        var attributes: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "=") else { throw SchemaError("expected key=value, got '\(word)'") }
            attributes[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return attributes
    }

    static func parseApiKeys(_ text: String) throws -> [ApiKeySpec] {
        var keys: [ApiKeySpec] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let words = line.split(separator: " ")
            guard words.count == 3, let key = Int(words[1]) else { throw SchemaError("bad ApiKeys line '\(line)'") }
            let flexible = words[2] == "none" ? nil : try VersionRange(parsing: words[2]).lower
            keys.append(ApiKeySpec(name: String(words[0]), key: key, firstFlexibleVersion: flexible))
        }
        return keys
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var result = self
        while result.last == " " || result.last == "\r" { result = result.dropLast() }
        return result
    }
}
