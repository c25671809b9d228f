// The schema language read by the generator. One file per API under Sources/ProtocolGenerator/Schemas, for example:
//
//   request HeartbeatRequest key=12 versions=0-4 flexible=4+
//     GroupId string v0+
//     GroupInstanceId string v3+ nullable=3+ default=null
//   response HeartbeatResponse key=12 versions=0-4 flexible=4+
//     ErrorCode int16 v0+
//
// A field line is `Name type vVERSIONS [nullable=V] [tag=N tagged=V] [default=D] [entity=E]`, where V is
// `a+`, `a-b` or `a`. Types: int8 int16 int32 int64 uint16 uint32 bool float64 string bytes records uuid,
// `[]T` for arrays, or a structure name. A structure field's own fields follow it, indented two more spaces;
// a structure with no indented fields refers to a shared `struct Name` block declared in the message.
// `entity=topicName` / `entity=brokerId` map a string / int32 to the model's TopicName / BrokerID.
// ApiKeys.schema lists every API: `Name key firstFlexibleVersion|none`.

/// An inclusive range of versions; `upper == nil` means "and every later version".
struct VersionRange: Equatable {
    var lower: Int
    var upper: Int?

    init(parsing text: Substring) throws {
        if text.hasSuffix("+") {
            guard let lower = Int(text.dropLast()) else { throw SchemaError("bad version range '\(text)'") }
            self.lower = lower
            self.upper = nil
        } else if let dash = text.firstIndex(of: "-") {
            guard let lower = Int(text[..<dash]), let upper = Int(text[text.index(after: dash)...]) else {
                throw SchemaError("bad version range '\(text)'")
            }
            self.lower = lower
            self.upper = upper
        } else {
            guard let only = Int(text) else { throw SchemaError("bad version range '\(text)'") }
            self.lower = only
            self.upper = only
        }
    }

    /// A Swift condition on `version` for this range within `0...maxVersion`, nil when always true.
    func condition(maxVersion: Int) -> String? {
        var parts: [String] = []
        if lower > 0 { parts.append("version >= \(lower)") }
        if let upper, upper < maxVersion { parts.append("version <= \(upper)") }
        return parts.isEmpty ? nil : parts.joined(separator: " && ")
    }

    var text: String {
        guard let upper else { return "\(lower)+" }
        return upper == lower ? "\(lower)" : "\(lower)-\(upper)"
    }
}

struct SchemaError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

indirect enum FieldType: Equatable {
    case int8, int16, int32, int64, uint16, uint32, bool, float64, string, bytes, records, uuid
    case array(FieldType)
    case structure(String)

    init(parsing text: String) {
        if text.hasPrefix("[]") {
            self = .array(FieldType(parsing: String(text.dropFirst(2))))
            return
        }
        switch text {
        case "int8": self = .int8
        case "int16": self = .int16
        case "int32": self = .int32
        case "int64": self = .int64
        case "uint16": self = .uint16
        case "uint32": self = .uint32
        case "bool": self = .bool
        case "float64": self = .float64
        case "string": self = .string
        case "bytes": self = .bytes
        case "records": self = .records
        case "uuid": self = .uuid
        default: self = .structure(text)
        }
    }

    var schemaText: String {
        switch self {
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .uint16: return "uint16"
        case .uint32: return "uint32"
        case .bool: return "bool"
        case .float64: return "float64"
        case .string: return "string"
        case .bytes: return "bytes"
        case .records: return "records"
        case .uuid: return "uuid"
        case .array(let element): return "[]" + element.schemaText
        case .structure(let name): return name
        }
    }
}

struct FieldSpec {
    var name: String
    var type: FieldType
    var versions: VersionRange
    var nullableVersions: VersionRange?
    var tag: Int?
    var taggedVersions: VersionRange?
    var defaultValue: String?
    var entity: String?
    var children: [FieldSpec] = []
}

struct StructSpec {
    var name: String
    var fields: [FieldSpec]
}

struct MessageSpec {
    var isRequest: Bool
    var name: String
    var apiKey: Int
    var maxVersion: Int
    var firstFlexibleVersion: Int?
    var commonStructs: [StructSpec]
    var fields: [FieldSpec]
    var schemaFile: String
}

struct ApiKeySpec {
    var name: String
    var key: Int
    var firstFlexibleVersion: Int?
}
