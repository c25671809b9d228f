import KafkaProtocol
import NIOCore

// SaslHandshake (17) and SaslAuthenticate (36) after authentication, or on a listener without SASL: the exchange
// itself happens in `SaslServerHandler` before any request reaches the router, so one arriving here is out of
// place and is answered ILLEGAL_SASL_STATE, as Kafka's KafkaApis does. Registered so ApiVersions advertises them:
// clients look for them before they start SASL.

struct SaslHandshakeHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...1

    func handleNow(_ request: SaslHandshakeRequest, context: RequestContext) -> SaslHandshakeResponse?? {
        .some(SaslHandshakeResponse(errorCode: .illegalSaslState, mechanisms: []))
    }

    func handle(_ request: SaslHandshakeRequest, context: RequestContext) async -> SaslHandshakeResponse? {
        SaslHandshakeResponse(errorCode: .illegalSaslState, mechanisms: [])
    }
}

struct SaslAuthenticateHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2

    func handleNow(_ request: SaslAuthenticateRequest, context: RequestContext) -> SaslAuthenticateResponse?? {
        .some(Self.refusal)
    }

    func handle(_ request: SaslAuthenticateRequest, context: RequestContext) async -> SaslAuthenticateResponse? {
        Self.refusal
    }

    static let refusal = SaslAuthenticateResponse(
        errorCode: .illegalSaslState, errorMessage: "SaslAuthenticate request received after successful authentication "
            + "or on a listener without SASL", authBytes: ByteBuffer(), sessionLifetimeMs: 0)
}
