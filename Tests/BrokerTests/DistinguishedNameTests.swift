@testable import Broker
import Testing

/// Client certificate subjects as Kafka's DEFAULT principal rule names them: Java's RFC 2253 text, compared with
/// what Java printed for the same certificates (`TLSFixtures`), and malformed DER refused without a crash.
@Suite struct DistinguishedNameTests {
    @Test func matchesJavasRFC2253Form() throws {
        let client = DistinguishedName.subjectOfCertificate(try der(TLSFixtures.clientCertificate))
        #expect(client == TLSFixtures.clientPrincipalName)
        let escaping = DistinguishedName.subjectOfCertificate(try der(TLSFixtures.escapingCertificate))
        #expect(escaping == TLSFixtures.escapingSubject, "escapes, spaces, an OID without keyword, DC and UID")
        let multiValued = DistinguishedName.subjectOfCertificate(try der(TLSFixtures.multiValuedCertificate))
        #expect(multiValued == TLSFixtures.multiValuedSubject, "a multi-valued RDN and quotes")
    }

    @Test func malformedCertificatesYieldNoName() throws {
        let good = try der(TLSFixtures.clientCertificate)
        // Every truncation, and every single-byte corruption of the header region, is refused or read: no trap.
        for length in 0..<good.count {
            _ = DistinguishedName.subjectOfCertificate(Array(good.prefix(length)))
        }
        for index in 0..<min(good.count, 200) {
            var bad = good
            bad[index] ^= 0xFF
            _ = DistinguishedName.subjectOfCertificate(bad)
        }
        #expect(DistinguishedName.subjectOfCertificate([]) == nil)
        let pastTheEnd: [UInt8] = [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(DistinguishedName.subjectOfCertificate(pastTheEnd) == nil, "a length past the end")
        #expect(DistinguishedName.subjectOfCertificate(Array(good.prefix(good.count / 2))) == nil)
    }

    @Test func objectIdentifiersPrintDotted() {
        #expect(DistinguishedName.objectIdentifier([0x55, 0x04, 0x03]) == "2.5.4.3")
        #expect(DistinguishedName.objectIdentifier([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01])
                    == "1.2.840.113549.1.9.1")
        #expect(DistinguishedName.objectIdentifier([0x86]) == nil, "an unfinished arc")
        #expect(DistinguishedName.objectIdentifier(ArraySlice(repeating: 0xFF, count: 12) + [0x01]) == nil,
                "an arc past 64 bits")
    }

    /// The DER bytes of a PEM certificate.
    func der(_ pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return try #require(Base64.decode(body))
    }
}

/// Standard base64, enough to read the fixtures.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var values: [Character: UInt32] = [:]
        for (index, character) in alphabet.enumerated() { values[character] = UInt32(index) }
        var bytes: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for character in text where character != "=" {
            guard let value = values[character] else { return nil }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return bytes
    }
}
