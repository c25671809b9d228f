import KafkaProtocol
import Sasl

// DescribeUserScramCredentials (50) and AlterUserScramCredentials (51), KIP-554: SCRAM credentials in
// `/config/users/<user>` beside the user's quotas (the same `/config` entity store), each change announced to
// every broker. Only the mechanism and iteration count are ever described; the salted password is never stored,
// only the keys derived from it.

/// Describes any broker's view; users that do not exist (or have no credential) answer RESOURCE_NOT_FOUND, a
/// user named twice DUPLICATE_RESOURCE, as Kafka's.
struct DescribeUserScramCredentialsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let store: any ClientQuotaStore

    func handle(_ request: DescribeUserScramCredentialsRequest, context: RequestContext) async
        -> DescribeUserScramCredentialsResponse?
    {
        typealias Result = DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult
        guard context.authorizeCluster(.describe) else {
            return DescribeUserScramCredentialsResponse(errorCode: .clusterAuthorizationFailed,
                                                        errorMessage: "Cluster authorization failed.", results: [])
        }
        do {
            var results: [Result] = []
            if let users = request.users?.map(\.name) {
                let counts = Dictionary(users.map { ($0, 1) }, uniquingKeysWith: +)
                for user in users where !results.contains(where: { $0.user == user }) {
                    guard counts[user] == 1 else {
                        results.append(Result(user: user, errorCode: .duplicateResource,
                                              errorMessage: "Cannot describe SCRAM credentials for the same user "
                                                  + "twice in a single request: \(user)", credentialInfos: []))
                        continue
                    }
                    let infos = Self.credentialInfos(try await store.quotaConfig(Self.path(user)))
                    results.append(infos.isEmpty
                        ? Result(user: user, errorCode: .resourceNotFound,
                                 errorMessage: "Attempt to describe a user credential that does not exist: \(user)",
                                 credentialInfos: [])
                        : Result(user: user, errorCode: .none, errorMessage: nil, credentialInfos: infos))
                }
            } else {
                for (path, config) in try await store.quotaConfigs().sorted(by: { $0.key < $1.key }) {
                    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                    guard parts.count == 2, parts[0] == "users",
                          let user = ClientQuotaEntity.desanitize(String(parts[1]))
                    else { continue }
                    let infos = Self.credentialInfos(config)
                    if !infos.isEmpty {
                        results.append(Result(user: user, errorCode: .none, errorMessage: nil, credentialInfos: infos))
                    }
                }
            }
            return DescribeUserScramCredentialsResponse(throttleTimeMs: 0, errorCode: .none, errorMessage: nil,
                                                        results: results)
        } catch {
            return DescribeUserScramCredentialsResponse(throttleTimeMs: 0, errorCode: .unknownServerError,
                                                        errorMessage: "\(error)", results: [])
        }
    }

    static func path(_ user: String) -> String { "users/\(ClientQuotaEntity.sanitize(user))" }

    /// The mechanisms and iteration counts of the credentials a user's config holds (malformed ones left out).
    static func credentialInfos(_ config: [String: String])
        -> [DescribeUserScramCredentialsResponse.CredentialInfo]
    {
        ScramMechanism.allCases.compactMap { mechanism in
            config[mechanism.name].flatMap(ScramCredential.init(kafkaString:)).map {
                .init(mechanism: mechanism.wireType, iterations: Int32(clamping: $0.iterations))
            }
        }
    }
}

/// Adds, replaces and deletes credentials; only the controller takes it (NOT_CONTROLLER elsewhere, as in Kafka's
/// ZooKeeper mode, so concurrent changes to one user go through one broker). Each user's changes are checked
/// first and written together; a user with any bad change gets that change's error and nothing written.
struct AlterUserScramCredentialsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let store: any ClientQuotaStore
    let isController: @Sendable () -> Bool

    typealias Result = AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult

    func handle(_ request: AlterUserScramCredentialsRequest, context: RequestContext) async
        -> AlterUserScramCredentialsResponse?
    {
        let users = Set(request.deletions.map(\.name) + request.upsertions.map(\.name)).sorted()
        guard context.authorizeCluster(.alter) else {
            return AlterUserScramCredentialsResponse(throttleTimeMs: 0, results: users.map {
                Result(user: $0, errorCode: .clusterAuthorizationFailed, errorMessage: "Cluster authorization failed.")
            })
        }
        guard isController() else {
            return AlterUserScramCredentialsResponse(throttleTimeMs: 0, results: users.map {
                Result(user: $0, errorCode: .notController, errorMessage: "This is not the controller")
            })
        }
        var results: [Result] = []
        for user in users {
            let (code, message) = await alter(user, deletions: request.deletions.filter { $0.name == user },
                                              upsertions: request.upsertions.filter { $0.name == user })
            results.append(Result(user: user, errorCode: code, errorMessage: message))
        }
        return AlterUserScramCredentialsResponse(throttleTimeMs: 0, results: results)
    }

    private func alter(_ user: String, deletions: [AlterUserScramCredentialsRequest.ScramCredentialDeletion],
                       upsertions: [AlterUserScramCredentialsRequest.ScramCredentialUpsertion]) async
        -> (KafkaErrorCode, String?)
    {
        guard !user.isEmpty else { return (.unacceptableCredential, "Username must not be empty") }
        let mechanisms = deletions.map(\.mechanism) + upsertions.map(\.mechanism)
        guard Set(mechanisms).count == mechanisms.count else {
            return (.duplicateResource, "A user credential cannot be altered twice in the same request")
        }
        var changes: [(ScramMechanism, ScramCredential?)] = []
        for deletion in deletions {
            guard let mechanism = ScramMechanism(wireType: deletion.mechanism) else {
                return (.unsupportedSaslMechanism, "Unknown SCRAM mechanism \(deletion.mechanism)")
            }
            changes.append((mechanism, nil))
        }
        for upsertion in upsertions {
            guard let mechanism = ScramMechanism(wireType: upsertion.mechanism) else {
                return (.unsupportedSaslMechanism, "Unknown SCRAM mechanism \(upsertion.mechanism)")
            }
            let iterations = Int(upsertion.iterations)
            guard iterations >= ScramMechanism.iterationRange.lowerBound else {
                return (.unacceptableCredential, "Too few iterations: \(iterations)")
            }
            guard iterations <= ScramMechanism.iterationRange.upperBound else {
                return (.unacceptableCredential, "Too many iterations: \(iterations)")
            }
            let salt = Array(upsertion.salt.readableBytesView)
            let saltedPassword = Array(upsertion.saltedPassword.readableBytesView)
            guard !salt.isEmpty, !saltedPassword.isEmpty else {
                return (.unacceptableCredential, "Salt and salted password must not be empty")
            }
            changes.append((mechanism, ScramCredential(mechanism: mechanism, saltedPassword: saltedPassword,
                                                       salt: salt, iterations: iterations)))
        }
        do {
            var config = try await store.quotaConfig(DescribeUserScramCredentialsHandler.path(user))
            for (mechanism, credential) in changes {
                if credential == nil, config[mechanism.name] == nil {
                    return (.resourceNotFound, "Attempt to delete a user credential that does not exist")
                }
                config[mechanism.name] = credential?.kafkaString
            }
            try await store.setQuotaConfig(DescribeUserScramCredentialsHandler.path(user), config)
            return (.none, nil)
        } catch {
            return (.unknownServerError, "\(error)")
        }
    }
}
