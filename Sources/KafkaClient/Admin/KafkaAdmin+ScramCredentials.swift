import KafkaProtocol
import NIOCore
import Sasl

extension KafkaAdmin {
    /// Each user's SCRAM credentials as (mechanism, iterations) — all users when `users` is nil
    /// (DescribeUserScramCredentials). A user without credentials maps to its error.
    /// - Throws: `KafkaClientError.brokerError` for the request's own error.
    public func describeScramCredentials(_ users: [String]?) async throws
        -> [String: Result<[(mechanism: ScramMechanism, iterations: Int)], KafkaClientError>]
    {
        let response = try await cluster.anyConnection().send(
            DescribeUserScramCredentialsRequest(users: users?.map { .init(name: $0) }))
        try AdminResult(name: "", errorCode: response.errorCode, errorMessage: response.errorMessage)
            .check(.describeUserScramCredentials)
        var results: [String: Result<[(mechanism: ScramMechanism, iterations: Int)], KafkaClientError>] = [:]
        for result in response.results {
            guard result.errorCode == .none else {
                results[result.user] = .failure(.brokerError(api: .describeUserScramCredentials,
                                                                code: result.errorCode, message: result.errorMessage))
                continue
            }
            results[result.user] = .success(result.credentialInfos.compactMap { info in
                ScramMechanism(wireType: info.mechanism).map { ($0, Int(info.iterations)) }
            })
        }
        return results
    }

    /// Sets a user's credential for `mechanism` from `password` (salted here with 32 random bytes and iterated,
    /// so only the salted password travels), or deletes it when `password` is nil (AlterUserScramCredentials,
    /// sent to the controller).
    public func alterScramCredential(user: String, mechanism: ScramMechanism, password: String?,
                                     iterations: Int = 4096) async throws -> AdminResult
    {
        var request = AlterUserScramCredentialsRequest(deletions: [], upsertions: [])
        if let password {
            var generator = SystemRandomNumberGenerator()
            let salt = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let salted = mechanism.saltedPassword(password, salt: salt, iterations: iterations)
            request.upsertions = [.init(name: user, mechanism: mechanism.wireType, iterations: Int32(clamping: iterations),
                                        salt: ByteBuffer(bytes: salt), saltedPassword: ByteBuffer(bytes: salted))]
        } else {
            request.deletions = [.init(name: user, mechanism: mechanism.wireType)]
        }
        let response = try await cluster.controllerConnection().send(request)
        guard let result = response.results.first else { throw KafkaClientError.unexpectedResponse }
        return AdminResult(name: user, errorCode: result.errorCode, errorMessage: result.errorMessage)
    }
}
