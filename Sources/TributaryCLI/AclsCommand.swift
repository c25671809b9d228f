import ArgumentParser
import KafkaClient
import KafkaModel

/// `tributary acls add|list|remove`: ACLs through the brokers (CreateAcls, DescribeAcls, DeleteAcls), with the
/// flags of `kafka-acls.sh --bootstrap-server`.
struct AclsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acls",
        abstract: "Manage ACLs, like kafka-acls.sh.",
        subcommands: [Add.self, List.self, Remove.self])

    /// The resources and entries an invocation names.
    struct AclOptions: ParsableArguments {
        @Option(help: "Principal to allow, Type:name (repeatable; User:* for everyone).") var allowPrincipal: [String] = []
        @Option(help: "Principal to deny, Type:name (repeatable).") var denyPrincipal: [String] = []
        @Option(help: "Host to allow from (repeatable; * when a principal is allowed and no host given).")
        var allowHost: [String] = []
        @Option(help: "Host to deny from (repeatable; * when a principal is denied and no host given).")
        var denyHost: [String] = []
        @Option(help: ArgumentHelp("Operation (repeatable): Read, Write, Create, Delete, Alter, Describe, "
                                   + "ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, All."))
        var operation: [String] = []
        @Option(help: "Topic (repeatable; * for every topic).") var topic: [String] = []
        @Option(help: "Consumer group (repeatable; * for every group).") var group: [String] = []
        @Flag(help: "The cluster resource.") var cluster = false
        @Option(help: "Transactional id (repeatable).") var transactionalId: [String] = []
        @Option(help: "LITERAL (default) or PREFIXED; list and remove also take ANY and MATCH.")
        var resourcePatternType = "LITERAL"
        @Flag(help: "Producer ACLs: WRITE, DESCRIBE and CREATE on the topics (and the transactional ids).")
        var producer = false
        @Flag(help: "With --producer: IDEMPOTENT_WRITE on the cluster.") var idempotent = false
        @Flag(help: "Consumer ACLs: READ and DESCRIBE on the topics, READ on the groups.") var consumer = false

        func patternType() throws -> AclPatternType {
            guard let type = AclPatternType(name: resourcePatternType), type != .unknown else {
                throw CommandFailure("unknown --resource-pattern-type \(resourcePatternType)")
            }
            return type
        }

        /// The resources named, with the pattern type given.
        func resources(_ patternType: AclPatternType) -> [ResourcePattern] {
            topic.map { ResourcePattern(.topic, $0, patternType) }
                + group.map { ResourcePattern(.group, $0, patternType) }
                + transactionalId.map { ResourcePattern(.transactionalID, $0, patternType) }
                + (cluster ? [ResourcePattern(.cluster, ResourcePattern.clusterName, patternType)] : [])
        }

        /// The operations for each resource: --producer/--consumer conveniences or --operation (All if none).
        func operations(for resource: ResourcePattern) throws -> [AclOperation] {
            if producer || consumer {
                var operations: [AclOperation] = []
                switch resource.resourceType {
                case .topic:
                    if producer { operations += [.write, .describe, .create] }
                    if consumer { operations += [.read, .describe] }
                case .group where consumer: operations = [.read]
                case .transactionalID where producer: operations = [.write, .describe]
                case .cluster where producer && idempotent: operations = [.idempotentWrite]
                default: break
                }
                return uniqueOperations(operations)
            }
            if operation.isEmpty { return [.all] }
            return try operation.map { name in
                guard let operation = AclOperation(name: name), ![.unknown, .any].contains(operation) else {
                    throw CommandFailure("unknown --operation \(name)")
                }
                return operation
            }
        }

        /// Every binding to add: each principal × host × operation on each resource.
        func bindings() throws -> [AclBinding] {
            let patternType = try patternType()
            guard patternType == .literal || patternType == .prefixed else {
                throw CommandFailure("ACLs can only be added with --resource-pattern-type LITERAL or PREFIXED")
            }
            var resources = resources(patternType)
            if producer && idempotent && !cluster {
                resources.append(ResourcePattern(.cluster, ResourcePattern.clusterName))
            }
            guard !resources.isEmpty else { throw CommandFailure("name a resource: --topic, --group, --cluster or --transactional-id") }
            guard !allowPrincipal.isEmpty || !denyPrincipal.isEmpty else {
                throw CommandFailure("name a principal with --allow-principal or --deny-principal")
            }
            var bindings: [AclBinding] = []
            for resource in resources {
                if let invalidity = resource.invalidity { throw CommandFailure(invalidity) }
                for operation in try operations(for: resource) {
                    for (principals, hosts, permission) in [(allowPrincipal, allowHost, AclPermissionType.allow),
                                                            (denyPrincipal, denyHost, .deny)] {
                        for principal in principals {
                            for host in hosts.isEmpty ? ["*"] : hosts {
                                let entry = AccessControlEntry(principal: principal, host: host, operation: operation,
                                                               permission: permission)
                                if let invalidity = entry.invalidity { throw CommandFailure(invalidity) }
                                bindings.append(AclBinding(resource, entry))
                            }
                        }
                    }
                }
            }
            return bindings
        }

        /// The filters that select what to list or remove: per resource (all resources when none is named),
        /// narrowed by principal, host and operation when given.
        func filters() throws -> [AclBindingFilter] {
            let patternType = try patternType()
            let resources = resources(patternType)
            let bases = resources.isEmpty
                ? [AclBindingFilter(patternType: .any)]
                : resources.map { AclBindingFilter(resourceType: $0.resourceType, name: $0.name, patternType: patternType) }
            let principals: [(String?, AclPermissionType)] = allowPrincipal.map { ($0, .allow) }
                + denyPrincipal.map { ($0, .deny) }
            var filters: [AclBindingFilter] = []
            for base in bases {
                let selected = try (operation.isEmpty && !producer && !consumer) ? [AclOperation.any]
                    : operations(for: ResourcePattern(base.resourceType == .any ? .topic : base.resourceType,
                                                      base.name ?? "*"))
                for operation in selected {
                    for (principal, permission) in principals.isEmpty ? [(String?.none, AclPermissionType.any)] : principals {
                        let given = permission == .deny ? denyHost : allowHost
                        let hosts: [String?] = given.isEmpty ? [nil] : given.map { $0 }
                        for host in hosts {
                            var filter = base
                            filter.principal = principal
                            filter.permission = permission
                            filter.host = host
                            filter.operation = operation
                            filters.append(filter)
                        }
                    }
                }
            }
            return filters
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add ACLs.")
        @OptionGroup var connection: BootstrapOptions
        @OptionGroup var acls: AclOptions

        func run() async throws {
            try await runReportingFailure {
                let bindings = try acls.bindings()
                let results = try await AclsCommand.withAdmin(connection) { try await $0.createAcls(bindings) }
                AclsCommand.printByResource(bindings, heading: "Adding ACLs for resource")
                for result in results where !result.succeeded {
                    throw CommandFailure("\(result.name): \(result.errorCode.name) \(result.errorMessage ?? "")")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List ACLs (of the resources named, or all).")
        @OptionGroup var connection: BootstrapOptions
        @OptionGroup var acls: AclOptions

        func run() async throws {
            try await runReportingFailure {
                let filters = try acls.filters()
                let bindings = try await AclsCommand.withAdmin(connection) { admin in
                    var found: [AclBinding] = []
                    for filter in filters { found += try await admin.describeAcls(filter) }
                    return found
                }
                AclsCommand.printByResource(bindings, heading: "Current ACLs for resource")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the ACLs matching the options.")
        @OptionGroup var connection: BootstrapOptions
        @OptionGroup var acls: AclOptions
        @Flag(help: "Do not ask for confirmation.") var force = false

        func run() async throws {
            try await runReportingFailure {
                let filters = try acls.filters()
                if !force {
                    print("Are you sure you want to remove ACLs matching the options? (y/n)")
                    guard readLine()?.lowercased().hasPrefix("y") == true else { return }
                }
                let removed = try await AclsCommand.withAdmin(connection) { try await $0.deleteAcls(filters) }
                AclsCommand.printByResource(removed, heading: "Removed ACLs for resource")
            }
        }
    }

    static func withAdmin<T>(_ connection: BootstrapOptions, _ body: (KafkaAdmin) async throws -> T) async throws -> T {
        let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
        do {
            let value = try await body(admin)
            await admin.close()
            return value
        } catch {
            await admin.close()
            throw error
        }
    }

    static func printByResource(_ bindings: [AclBinding], heading: String) {
        var byResource: [ResourcePattern: Set<AccessControlEntry>] = [:]
        for binding in bindings { byResource[binding.pattern, default: []].insert(binding.entry) }
        for (pattern, entries) in byResource.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            print("\(heading) `\(pattern)`: ")
            for entry in entries.sorted(by: { "\($0)" < "\($1)" }) { print(" \t\(entry) ") }
            print("")
        }
    }
}

/// The operations without repeats, in first-seen order.
private func uniqueOperations(_ operations: [AclOperation]) -> [AclOperation] {
    var seen: Set<AclOperation> = []
    return operations.filter { seen.insert($0).inserted }
}
