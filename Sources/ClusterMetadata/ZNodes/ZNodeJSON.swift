import Foundation

/// A znode's content could not be read: the error names the znode.
public struct ZNodeDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "malformed znode \(path): \(reason)" }
}

/// A parsed JSON object with typed, path-naming accessors, and the encoder every znode uses.
///
/// Kafka writes these with Jackson: field order does not matter, string-vs-number does, and slashes are not
/// escaped (endpoints read `"CLIENT://host:9092"`).
struct ZNodeJSON {
    let path: String
    let object: [String: Any]

    init(_ bytes: [UInt8], path: String) throws(ZNodeDecodingError) {
        self.path = path
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw ZNodeDecodingError(path: path, reason: "not JSON: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
        guard let object = parsed as? [String: Any] else {
            throw ZNodeDecodingError(path: path, reason: "not a JSON object")
        }
        self.object = object
    }

    init(object: [String: Any], path: String) {
        self.object = object
        self.path = path
    }

    func fail(_ reason: String) -> ZNodeDecodingError { ZNodeDecodingError(path: path, reason: reason) }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    /// An integer field (a JSON number without fraction).
    func int(_ key: String) throws(ZNodeDecodingError) -> Int64 {
        guard let value = object[key] else { throw fail("missing \"\(key)\"") }
        guard let integer = Self.integer(value) else { throw fail("\"\(key)\" is not an integer") }
        return integer
    }

    func optionalInt(_ key: String) throws(ZNodeDecodingError) -> Int64? {
        has(key) ? try int(key) : nil
    }

    func string(_ key: String) throws(ZNodeDecodingError) -> String {
        guard let value = object[key] else { throw fail("missing \"\(key)\"") }
        guard let string = value as? String else { throw fail("\"\(key)\" is not a string") }
        return string
    }

    func optionalString(_ key: String) throws(ZNodeDecodingError) -> String? {
        has(key) ? try string(key) : nil
    }

    /// An integer written as a string, like Kafka's timestamps and producer-id block bounds.
    func integerString(_ key: String) throws(ZNodeDecodingError) -> Int64 {
        guard let value = Int64(try string(key)) else { throw fail("\"\(key)\" is not a decimal string") }
        return value
    }

    func int32Array(_ key: String) throws(ZNodeDecodingError) -> [Int32] {
        guard let value = object[key] else { throw fail("missing \"\(key)\"") }
        return try Self.int32Array(value, named: key, in: self)
    }

    func stringArray(_ key: String) throws(ZNodeDecodingError) -> [String] {
        guard let array = object[key] as? [Any], let strings = array as? [String] else {
            throw fail("\"\(key)\" is not an array of strings")
        }
        return strings
    }

    func stringMap(_ key: String) throws(ZNodeDecodingError) -> [String: String] {
        guard let value = object[key] else { throw fail("missing \"\(key)\"") }
        guard let map = value as? [String: Any] else { throw fail("\"\(key)\" is not an object") }
        var result: [String: String] = [:]
        for (name, item) in map {
            guard let string = item as? String else { throw fail("\"\(key)\".\"\(name)\" is not a string") }
            result[name] = string
        }
        return result
    }

    /// A map whose values are integer arrays (partition → replicas).
    func int32ArrayMap(_ key: String) throws(ZNodeDecodingError) -> [String: [Int32]] {
        guard let value = object[key] else { throw fail("missing \"\(key)\"") }
        guard let map = value as? [String: Any] else { throw fail("\"\(key)\" is not an object") }
        var result: [String: [Int32]] = [:]
        for (name, item) in map { result[name] = try Self.int32Array(item, named: "\(key).\(name)", in: self) }
        return result
    }

    /// An array of objects, each read with `read`.
    func objects<Element>(_ key: String, _ read: (ZNodeJSON) throws(ZNodeDecodingError) -> Element)
        throws(ZNodeDecodingError) -> [Element]
    {
        guard let array = object[key] as? [Any] else { throw fail("\"\(key)\" is not an array") }
        var result: [Element] = []
        for item in array {
            guard let object = item as? [String: Any] else { throw fail("\"\(key)\" holds a non-object") }
            result.append(try read(ZNodeJSON(object: object, path: path)))
        }
        return result
    }

    /// Checks `version` against the versions a decoder reads; returns it.
    func version(in supported: ClosedRange<Int64>) throws(ZNodeDecodingError) -> Int64 {
        let version = try int("version")
        guard supported.contains(version) else { throw fail("unsupported version \(version)") }
        return version
    }

    private static func integer(_ value: Any) -> Int64? {
        guard let number = value as? NSNumber, !(value is String) else { return nil }
        // Booleans are NSNumbers too (type encoding "c"); refuse them as integers.
        if number.objCType.pointee == CChar(UInt8(ascii: "c")) { return nil }
        let double = number.doubleValue
        guard double.rounded() == double else { return nil }
        return number.int64Value
    }

    private static func int32Array(_ value: Any, named key: String, in json: ZNodeJSON) throws(ZNodeDecodingError)
        -> [Int32]
    {
        guard let array = value as? [Any] else { throw json.fail("\"\(key)\" is not an array") }
        var result: [Int32] = []
        for item in array {
            guard let integer = integer(item), let narrow = Int32(exactly: integer) else {
                throw json.fail("\"\(key)\" holds a non-integer")
            }
            result.append(narrow)
        }
        return result
    }

    /// Encodes a JSON object as Kafka would (no escaped slashes); keys sorted so output is stable.
    ///
    /// Written by hand because the controller encodes thousands of state znodes in a failover and
    /// `JSONSerialization` takes about 28 µs for each; this takes about 1. Values are what the codecs build
    /// (integers, strings, booleans, arrays, objects); anything else falls back to `JSONSerialization`.
    static func encode(_ object: [String: Any]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        if write(object, to: &out) { return out }
        // Only property-list values built by the codecs reach here, so serialization cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data)
    }

    /// Appends `value` as JSON; false for a value it does not know.
    private static func write(_ value: Any, to out: inout [UInt8]) -> Bool {
        // Exact dynamic types: a Foundation number (from a decoded object) may also cast to Bool or Int, and
        // is left to `JSONSerialization`, which knows which it is.
        let kind = ObjectIdentifier(type(of: value))
        if kind == ObjectIdentifier(Int.self) || kind == ObjectIdentifier(Int32.self)
            || kind == ObjectIdentifier(Int64.self)
        {
            out.append(contentsOf: Array("\(value)".utf8))
            return true
        }
        if kind == ObjectIdentifier(Bool.self) {
            out.append(contentsOf: Array(((value as! Bool) ? "true" : "false").utf8))
            return true
        }
        switch value {
        case let text as String where kind == ObjectIdentifier(String.self):
            writeString(text, to: &out)
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (index, item) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard write(item, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                guard write(object[key]!, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        default:
            return false
        }
        return true
    }

    private static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
