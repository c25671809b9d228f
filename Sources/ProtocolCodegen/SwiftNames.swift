/// Turns schema names into Swift names: `GroupInstanceId` → `groupInstanceID`, `ApiVersions` → `apiVersions`.
enum SwiftNames {
    static let keywords: Set<String> = [
        "protocol", "default", "internal", "operator", "repeat", "return", "class", "struct", "extension",
        "import", "in", "is", "as", "self", "Self", "super", "init", "deinit", "subscript", "func", "var", "let",
        "public", "private", "static", "switch", "case", "where", "while", "for", "if", "else", "guard", "do",
        "try", "throw", "throws", "nil", "true", "false", "enum", "typealias", "associatedtype", "break",
        "continue", "fallthrough", "defer",
    ]

    static func property(_ schemaName: String) -> String {
        let characters = Array(schemaName)
        var result = ""
        var index = 0
        while index < characters.count {
            // "Id" as a whole word (followed by an upper-case letter, "s" + word end, or the end) becomes "ID".
            if characters[index] == "I", index + 1 < characters.count, characters[index + 1] == "d" {
                let next = index + 2 < characters.count ? characters[index + 2] : nil
                let afterNext = index + 3 < characters.count ? characters[index + 3] : nil
                let wordEnds = next == nil || next!.isUppercase || (next == "s" && (afterNext == nil || afterNext!.isUppercase))
                if wordEnds {
                    result += "ID"
                    index += 2
                    continue
                }
            }
            result.append(characters[index])
            index += 1
        }
        return escaped(lowerFirstWord(result))
    }

    static func enumCase(_ schemaName: String) -> String {
        escaped(lowerFirstWord(schemaName))
    }

    /// Lower-cases the leading upper-case run: `ID` → `id`, `IDs` → `ids`, `V0Host` → `v0Host`, `Name` → `name`.
    private static func lowerFirstWord(_ name: String) -> String {
        let characters = Array(name)
        var upperRun = 0
        while upperRun < characters.count, characters[upperRun].isUppercase { upperRun += 1 }
        if upperRun <= 1 || upperRun == characters.count {
            return name.prefix(upperRun).lowercased() + name.dropFirst(upperRun)
        }
        // Keep the last capital of the run when it starts the next word ("IDList" → "idList").
        let next = characters[upperRun]
        let lowered = next.isLowercase && characters[upperRun - 1] != "D" ? upperRun - 1 : upperRun
        return name.prefix(lowered).lowercased() + name.dropFirst(lowered)
    }

    private static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }
}
