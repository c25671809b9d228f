import ArgumentParser
import KafkaClient
import Sasl

/// `tributary users describe|add|delete`: SCRAM credentials through the brokers (DescribeUserScramCredentials /
/// AlterUserScramCredentials), as `kafka-configs.sh --entity-type users --alter --add-config
/// 'SCRAM-SHA-512=[iterations=8192,password=…]'` and `--delete-config SCRAM-SHA-512` manage them. The password is
/// salted and iterated here; only the salted password reaches the broker, and only keys derived from it are
/// stored.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage SCRAM credentials, like kafka-configs.sh --entity-type users.",
        subcommands: [Describe.self, Add.self, Delete.self])

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show users' SCRAM mechanisms and iterations.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The user (repeatable; every user with a credential when omitted).") var user: [String] = []

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let results: [String: Result<[(mechanism: ScramMechanism, iterations: Int)], KafkaClientError>]
                do {
                    results = try await admin.describeScramCredentials(user.isEmpty ? nil : user)
                } catch {
                    await admin.close()
                    throw error
                }
                await admin.close()
                var failed = false
                for name in results.keys.sorted() {
                    switch results[name] {
                    case .success(let credentials)?:
                        let text = credentials.map { "\($0.mechanism.name)=iterations=\($0.iterations)" }
                        print("SCRAM credential configs for user-principal '\(name)' are \(text.joined(separator: ", "))")
                    case .failure(let error)?:
                        failed = true
                        print("user-principal '\(name)': \(error)")
                    case nil:
                        break
                    }
                }
                if failed { throw ExitCode.failure }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace a user's SCRAM credential.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The user.") var user: String
        @Option(help: "SCRAM-SHA-256 or SCRAM-SHA-512.") var mechanism: String = "SCRAM-SHA-512"
        @Option(help: "The password.") var password: String
        @Option(help: "Iterations (4096 to 16384).") var iterations: Int = 4096

        func run() async throws {
            try await alter(connection: connection, user: user, mechanism: mechanism, password: password,
                            iterations: iterations)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user's SCRAM credential.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The user.") var user: String
        @Option(help: "SCRAM-SHA-256 or SCRAM-SHA-512.") var mechanism: String = "SCRAM-SHA-512"

        func run() async throws {
            try await alter(connection: connection, user: user, mechanism: mechanism, password: nil, iterations: 0)
        }
    }

    static func alter(connection: BootstrapOptions, user: String, mechanism name: String, password: String?,
                      iterations: Int) async throws
    {
        try await runReportingFailure {
            guard let mechanism = ScramMechanism(rawValue: name.uppercased()) else {
                throw CommandFailure("unknown mechanism \(name): expected SCRAM-SHA-256 or SCRAM-SHA-512")
            }
            let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
            let result: AdminResult
            do {
                result = try await admin.alterScramCredential(user: user, mechanism: mechanism, password: password,
                                                              iterations: iterations)
            } catch {
                await admin.close()
                throw error
            }
            await admin.close()
            try result.check(.alterUserScramCredentials)
            print("Completed updating config for user \(user).")
        }
    }
}
