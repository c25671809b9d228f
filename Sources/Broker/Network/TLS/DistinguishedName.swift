/// A certificate's subject in the form Kafka's `DEFAULT` principal rule gives it: Java's
/// `X500Principal.getName()` (RFC 2253) — relative names from the last to the first, joined by `,`; several
/// attributes of one relative name joined by `+`; `CN`, `C`, `L`, `ST`, `O`, `OU`, `STREET`, `DC`, `UID` by
/// keyword and any other attribute by its dotted OID with the value as `#` and its DER bytes in hex; the
/// characters `,=+<>#;"\` escaped with `\`, as are leading and trailing spaces.
///
/// Reads the certificate's DER bytes itself (a short walk to `tbsCertificate.subject`): every length is
/// checked against what remains, so a malformed certificate yields nil, never a crash.
enum DistinguishedName {
    /// The RFC 2253 subject of a DER certificate; nil when the bytes are not a certificate.
    static func subjectOfCertificate(_ der: [UInt8]) -> String? {
        var reader = DERReader(der[...])
        guard let certificate = reader.read(), certificate.tag == 0x30 else { return nil }
        var certificateFields = DERReader(certificate.content)
        guard let tbs = certificateFields.read(), tbs.tag == 0x30 else { return nil }
        var fields = DERReader(tbs.content)
        guard var next = fields.read() else { return nil }
        if next.tag == 0xA0 {  // [0] version
            guard let serial = fields.read() else { return nil }
            next = serial
        }
        // serialNumber, signature, issuer, validity, then subject.
        guard next.tag == 0x02, fields.read()?.tag == 0x30, fields.read()?.tag == 0x30, fields.read()?.tag == 0x30,
            let subject = fields.read(), subject.tag == 0x30
        else { return nil }
        return rfc2253(name: subject.content)
    }

    /// The RFC 2253 text of a `Name` (the content of its SEQUENCE).
    static func rfc2253(name: ArraySlice<UInt8>) -> String? {
        var relativeNames: [String] = []
        var rdns = DERReader(name)
        while !rdns.atEnd {
            guard let rdn = rdns.read(), rdn.tag == 0x31 else { return nil }
            var attributes: [String] = []
            var values = DERReader(rdn.content)
            while !values.atEnd {
                guard let pair = values.read(), pair.tag == 0x30 else { return nil }
                var parts = DERReader(pair.content)
                guard let type = parts.read(), type.tag == 0x06, let oid = objectIdentifier(type.content),
                    let value = parts.read(), parts.atEnd
                else { return nil }
                attributes.append(attribute(oid: oid, value: value))
            }
            guard !attributes.isEmpty else { return nil }
            relativeNames.append(attributes.joined(separator: "+"))
        }
        return relativeNames.reversed().joined(separator: ",")
    }

    private static let keywords: [String: String] = [
        "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O", "2.5.4.11": "OU",
        "2.5.4.9": "STREET", "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
    ]

    private static func attribute(oid: String, value: DERReader.Element) -> String {
        guard let keyword = keywords[oid], let text = string(value) else {
            let hex = value.whole.map { byte in
                let digits = Array("0123456789abcdef")
                return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
            }
            return "\(keywords[oid] ?? oid)=#\(hex.joined())"
        }
        return "\(keyword)=\(escaped(text))"
    }

    /// The directory string types Java prints as text: PrintableString, T61String, IA5String, GeneralString
    /// (bytes as Latin-1), UTF8String and BMPString (UTF-16BE).
    private static func string(_ value: DERReader.Element) -> String? {
        switch value.tag {
        case 0x13, 0x14, 0x16, 0x1B:
            return String(value.content.map { Character(Unicode.Scalar($0)) })
        case 0x0C:
            return String(validating: value.content, as: UTF8.self)
        case 0x1E:
            guard value.content.count % 2 == 0 else { return nil }
            let units = stride(from: value.content.startIndex, to: value.content.endIndex, by: 2).map {
                UInt16(value.content[$0]) << 8 | UInt16(value.content[$0 + 1])
            }
            return String(decoding: units, as: UTF16.self)
        default:
            return nil
        }
    }

    private static func escaped(_ text: String) -> String {
        let characters = Array(text)
        let lead = characters.firstIndex { $0 != " " && $0 != "\r" } ?? characters.count
        let trail = characters.lastIndex { $0 != " " && $0 != "\r" } ?? -1
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "\u{0}" {
                result += "\\00"
                continue
            }
            if ",=+<>#;\"\\".contains(character) || index < lead || index > trail {
                result.append("\\")
            }
            result.append(character)
        }
        return result
    }

    /// Dotted form of an OBJECT IDENTIFIER's content; nil when malformed or an arc exceeds 64 bits.
    static func objectIdentifier(_ bytes: ArraySlice<UInt8>) -> String? {
        var arcs: [UInt64] = []
        var current: UInt64 = 0
        var inArc = false
        for byte in bytes {
            guard current <= (UInt64.max >> 7) else { return nil }
            current = current << 7 | UInt64(byte & 0x7F)
            inArc = byte & 0x80 != 0
            if !inArc {
                arcs.append(current)
                current = 0
            }
        }
        guard !inArc, let first = arcs.first else { return nil }
        let head: [UInt64] = first < 80 ? [first / 40, first % 40] : [2, first - 80]
        return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
    }
}

/// Reads DER elements one after another from a slice: single-byte tags, definite lengths of up to four bytes.
struct DERReader {
    struct Element {
        let tag: UInt8
        let content: ArraySlice<UInt8>
        /// Tag, length and content: what Java hex-prints for an attribute it has no keyword for.
        let whole: ArraySlice<UInt8>
    }

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { bytes.isEmpty }

    mutating func read() -> Element? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let tag = bytes[start]
        guard tag & 0x1F != 0x1F else { return nil }
        var index = start + 1
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard (1...4).contains(count), bytes.endIndex - index >= count else { return nil }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard length <= bytes.endIndex - index else { return nil }
        let element = Element(tag: tag, content: bytes[index..<(index + length)],
                              whole: bytes[start..<(index + length)])
        bytes = bytes[(index + length)...]
        return element
    }
}
