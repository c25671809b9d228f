import ArgumentParser

/// The `tributary` command: one tool for brokers, topics, clients and operators.
public struct TributaryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tributary",
        abstract: "A Kafka-compatible event-streaming broker coordinated by ZooKeeper.",
        version: "0.1.0",
        subcommands: [ServerCommand.self, ClusterCommand.self, TopicsCommand.self, ProduceCommand.self, ConsumeCommand.self,
                      PerfCommand.self, GroupsCommand.self, TransactionsCommand.self, LeaderElectionCommand.self, ReassignCommand.self,
                      LogDirsCommand.self, DumpLogCommand.self, ConfigsCommand.self,
                      DeleteRecordsCommand.self, UsersCommand.self, AclsCommand.self])

    public init() {}
}
