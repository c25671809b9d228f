/// PEM blocks given inline in a properties value (`ssl.keystore.key`, `ssl.keystore.certificate.chain`,
/// `ssl.truststore.certificates`). A value continued over several lines of a properties file arrives with its
/// line breaks removed, so the blocks are found by their markers and re-wrapped, as Kafka's PEM reader does.
enum PEMText {
    /// Each `-----BEGIN X-----…-----END X-----` block of `text`, re-wrapped at 64 columns; nil when the text holds
    /// no complete block or a block's body is not base64.
    static func blocks(in text: String) -> [String]? {
        var blocks: [String] = []
        var rest = Substring(text)
        while let begin = rest.firstRange(of: "-----BEGIN ") {
            guard let labelEnd = rest[begin.upperBound...].firstRange(of: "-----") else { return nil }
            let label = rest[begin.upperBound..<labelEnd.lowerBound]
            let endMarker = "-----END \(label)-----"
            guard let end = rest[labelEnd.upperBound...].firstRange(of: endMarker) else { return nil }
            let body = rest[labelEnd.upperBound..<end.lowerBound].filter { !$0.isWhitespace && $0 != "\\" }
            guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) })
            else { return nil }
            var lines = ["-----BEGIN \(label)-----"]
            var index = body.startIndex
            while index < body.endIndex {
                let next = body.index(index, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
                lines.append(String(body[index..<next]))
                index = next
            }
            lines.append(endMarker)
            blocks.append(lines.joined(separator: "\n") + "\n")
            rest = rest[end.upperBound...]
        }
        return blocks.isEmpty ? nil : blocks
    }
}
