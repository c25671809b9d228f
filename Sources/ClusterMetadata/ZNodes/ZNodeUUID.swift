import Foundation

/// Kafka's `Uuid` text form: 16 random bytes in URL-safe base64 without padding (22 characters), never
/// starting with `-` (so it cannot be mistaken for a command-line flag). Used for the cluster id and topic ids.
public enum ZNodeUUID {
    public static func random() -> String {
        while true {
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let text = encode(bytes)
            if !text.hasPrefix("-") && bytes.contains(where: { $0 != 0 }) { return text }
        }
    }

    /// URL-safe base64 without padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The 16 bytes of a 22-character id, or `nil` if it is not one.
    public static func decode(_ text: String) -> [UInt8]? {
        guard text.count == 22 else { return nil }
        let standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=="
        guard let data = Data(base64Encoded: standard), data.count == 16 else { return nil }
        return Array(data)
    }
}
