import Foundation
import KafkaProtocol
import NIOCore

/// Hex fixtures under Fixtures/, named `<api>-v<version>-<request|response>-<client>.hex`.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The bytes of one fixture (header + body, no size prefix).
    static func hex(_ name: String) throws -> ByteBuffer {
        let text = try String(contentsOfFile: "\(directory)/\(name).hex", encoding: .utf8)
        return ByteBuffer(bytes: try decodeHex(text))
    }

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".hex") }.map { String($0.dropLast(4)) }.sorted()
    }

    struct Name {
        var apiKey: ApiKey
        var version: Int16
        var isRequest: Bool
        var client: String
    }

    /// Splits a fixture name; the API is written in kebab case (`api-versions`).
    static func parse(_ name: String) -> Name? {
        let parts = name.split(separator: "-").map(String.init)
        guard let versionIndex = parts.firstIndex(where: { $0.hasPrefix("v") && Int16($0.dropFirst()) != nil }),
            versionIndex + 2 < parts.count
        else { return nil }
        let api = parts[..<versionIndex].joined()
        guard let apiKey = ApiKey.allCases.first(where: { $0.name.lowercased() == api }) else { return nil }
        return Name(apiKey: apiKey, version: Int16(parts[versionIndex].dropFirst())!,
                    isRequest: parts[versionIndex + 1] == "request",
                    client: parts[(versionIndex + 2)...].joined(separator: "-"))
    }

    struct BadHex: Error {}

    static func decodeHex(_ text: String) throws -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        guard digits.count % 2 == 0 else { throw BadHex() }
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else { throw BadHex() }
            return byte
        }
    }
}
