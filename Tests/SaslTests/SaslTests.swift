import Foundation
import Sasl
import Testing

/// RFC 7677's SCRAM-SHA-256 example, replayed through our client and server.
@Suite struct ScramTests {
    static let rfcSalt = Array(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ==")!)
    static let rfcServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    static let rfcClientFinal =
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    static let rfcServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

    static func credential(_ mechanism: ScramMechanism = .sha256, password: String = "pencil") -> ScramCredential {
        ScramCredential(mechanism: mechanism, password: password, salt: rfcSalt, iterations: 4096)
    }

    @Test func clientProducesRfc7677sMessages() throws {
        let client = ScramClient(mechanism: .sha256, username: "user", password: "pencil",
                                 nonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(String(decoding: client.firstMessage(), as: UTF8.self) == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try client.finalMessage(serverFirst: Array(Self.rfcServerFirst.utf8))
        #expect(String(decoding: final, as: UTF8.self) == Self.rfcClientFinal)
        try client.verify(serverFinal: Array(Self.rfcServerFinal.utf8))
        #expect(throws: SaslError.self) { try client.verify(serverFinal: Array("v=AAAA".utf8)) }
    }

    @Test func serverAcceptsRfc7677sClientAndSignsAsTheRfcDoes() throws {
        let server = ScramServer(mechanism: .sha256, credentialOf: { $0 == "user" ? Self.credential() : nil },
                                 serverNonce: { "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0" })
        let first = try server.evaluate(Array("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".utf8))
        #expect(String(decoding: first, as: UTF8.self) == Self.rfcServerFirst)
        #expect(!server.isComplete)
        let final = try server.evaluate(Array(Self.rfcClientFinal.utf8))
        #expect(String(decoding: final, as: UTF8.self) == Self.rfcServerFinal)
        #expect(server.isComplete)
        #expect(server.authorizationID == "user")
    }

    @Test(arguments: ScramMechanism.allCases)
    func clientAndServerAgree(_ mechanism: ScramMechanism) throws {
        let stored = ScramCredential(mechanism: mechanism, password: "s3cr=t,", salt: Array("salty".utf8),
                                     iterations: 8192)
        let server = ScramServer(mechanism: mechanism, credentialOf: { $0 == "al=ice,b" ? stored : nil })
        let client = ScramClient(mechanism: mechanism, username: "al=ice,b", password: "s3cr=t,")
        let challenge = try server.evaluate(client.firstMessage())
        let serverFinal = try server.evaluate(try client.finalMessage(serverFirst: challenge))
        try client.verify(serverFinal: serverFinal)
        #expect(server.authorizationID == "al=ice,b")
    }

    @Test(arguments: ScramMechanism.allCases)
    func wrongPasswordAndUnknownUserFailAlike(_ mechanism: ScramMechanism) throws {
        let stored = ScramCredential(mechanism: mechanism, password: "right", salt: [1, 2, 3], iterations: 4096)
        let server = ScramServer(mechanism: mechanism, credentialOf: { $0 == "alice" ? stored : nil })
        let client = ScramClient(mechanism: mechanism, username: "alice", password: "wrong")
        let challenge = try server.evaluate(client.firstMessage())
        let invalid = SaslError("Authentication failed during authentication due to invalid credentials with SASL "
            + "mechanism \(mechanism.name)")
        #expect(throws: invalid) { try server.evaluate(try client.finalMessage(serverFirst: challenge)) }
        #expect(!server.isComplete && server.authorizationID == nil)
        // The exchange is over: nothing the client sends afterwards authenticates it.
        #expect(throws: SaslError.self) { try server.evaluate(Array("anything".utf8)) }

        let unknown = ScramServer(mechanism: mechanism, credentialOf: { _ in nil })
        #expect(throws: invalid) { try unknown.evaluate(Array("n,,n=mallory,r=abc".utf8)) }
    }

    @Test func replayedNonceOrChannelBindingIsRefused() throws {
        let server = ScramServer(mechanism: .sha256, credentialOf: { _ in Self.credential() })
        #expect(throws: SaslError.self) { try server.evaluate(Array("p=tls-unique,,n=user,r=abc".utf8)) }
        let fresh = ScramServer(mechanism: .sha256, credentialOf: { _ in Self.credential() })
        _ = try fresh.evaluate(Array("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".utf8))
        // RFC 7677's final message carries the RFC's server nonce, not the one this server chose.
        #expect(throws: SaslError.self) { try fresh.evaluate(Array(Self.rfcClientFinal.utf8)) }
    }

    @Test(arguments: [
        "", "n", "n,,", "n,,n=user", "n,,r=abc,n=user", "n,,n=us=er,r=abc", "n,,n=,r=abc", "y,,n=user,r=abc",
        "n,a=someone-else,n=user,r=abc", "n,,n=user,r=", "n,,=x,r=abc", "n,,n=user,r=abc,tokenauth=true",
    ])
    func malformedClientFirstMessagesAreRefused(_ message: String) {
        let server = ScramServer(mechanism: .sha256, credentialOf: { _ in Self.credential() })
        #expect(throws: SaslError.self) { try server.evaluate(Array(message.utf8)) }
        #expect(!server.isComplete)
    }

    @Test func arbitraryBytesNeverAuthenticateOrTrap() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let server = ScramServer(mechanism: .sha512, credentialOf: { _ in Self.credential(.sha512) })
            for _ in 0..<2 {
                let length = Int.random(in: 0...64, using: &generator)
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                _ = try? server.evaluate(Array("n,,n=u,r=".utf8) + bytes)
                _ = try? server.evaluate(Array("c=biws,r=".utf8) + bytes + Array(",p=".utf8) + bytes)
            }
            #expect(!server.isComplete)
        }
    }

    @Test func credentialsRoundTripKafkasStoredForm() throws {
        let credential = Self.credential(.sha512)
        let text = credential.kafkaString
        #expect(text.hasPrefix("salt=W22ZaJ0SNY7soEsUEjb6gQ==,stored_key="))
        #expect(text.hasSuffix(",iterations=4096"))
        #expect(ScramCredential(kafkaString: text) == credential)
        for broken in ["", "salt=,stored_key=,server_key=,iterations=4096", "salt=W22Z,iterations=x",
                       text.replacingOccurrences(of: "iterations=4096", with: "iterations=0"),
                       text.replacingOccurrences(of: "stored_key=", with: "stored_key=%%")] {
            #expect(ScramCredential(kafkaString: broken) == nil, "\(broken)")
        }
    }
}

@Suite struct PlainTests {
    func server() -> PlainServer { PlainServer(passwordOf: { ["alice": "alice-secret", "bob": "b"][$0] }) }

    @Test func acceptsAListedUserWithItsPassword() throws {
        let server = server()
        #expect(try server.evaluate(Array("\0alice\0alice-secret".utf8)) == [])
        #expect(server.isComplete && server.authorizationID == "alice")
        let withAuthzid = self.server()
        _ = try withAuthzid.evaluate(Array("bob\0bob\0b".utf8))
        #expect(withAuthzid.authorizationID == "bob")
    }

    @Test(arguments: ["\0alice\0wrong", "\0mallory\0x", "\0alice\0", "\0\0alice-secret", "alice-secret",
                      "bob\0alice\0alice-secret", "\0alice\0alice-secret-and-more", "\0alice\0alice-secre"])
    func refusesEverythingElse(_ message: String) {
        let server = server()
        #expect(throws: SaslError.self) { try server.evaluate(Array(message.utf8)) }
        #expect(!server.isComplete && server.authorizationID == nil)
    }

    @Test func refusesInvalidUtf8() {
        #expect(throws: SaslError.self) { try server().evaluate([0, 0xff, 0xfe, 0, 0x41]) }
    }
}
