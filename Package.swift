// swift-tools-version:6.1
// Tributary: a Kafka-compatible event-streaming broker coordinated by ZooKeeper.
//
// Targets are layered; each imports only from layers below it (see README "Code map").
import PackageDescription

let package = Package(
    name: "Tributary",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tributary", targets: ["tributary"]),
        .library(name: "KafkaClient", targets: ["KafkaClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // Layer 0: values and C modules.
        .target(name: "KafkaModel"),
        .target(name: "CRC32C", cSettings: [.unsafeFlags(["-O3"])]),
        .systemLibrary(name: "CCodecs", path: "Sources/CCodecs"),
        .systemLibrary(name: "CZooKeeper", path: "Sources/CZooKeeper"),

        // Layer 1: codecs with no I/O, and the ZooKeeper client.
        .target(name: "Sasl", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "KafkaRecords",
            dependencies: [
                "KafkaModel", "CRC32C", "CCodecs",
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .target(
            name: "KafkaProtocol",
            dependencies: [
                "KafkaModel",
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        // Generates KafkaProtocol's message types from Sources/ProtocolGenerator/Schemas (`swift run ProtocolGenerator`).
        .target(name: "ProtocolCodegen"),
        .executableTarget(name: "ProtocolGenerator", dependencies: ["ProtocolCodegen"], exclude: ["Schemas"]),
        .target(
            name: "ZooKeeperClient",
            dependencies: [
                "CZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ]),

        // The broker's log handler: levels per logger changeable at run time, plain or JSON lines, a rotating file,
        // a background writer. Its own target because the command line bootstraps it and the broker's
        // BROKER_LOGGER resource changes its levels, and it is tested alone.
        .target(
            name: "TributaryLogging",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),

        // Layer 2: storage, cluster metadata in ZooKeeper, our client.
        .target(
            name: "LogStorage",
            dependencies: [
                "KafkaModel", "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]),
        .target(
            name: "ClusterMetadata",
            dependencies: [
                "KafkaModel", "ZooKeeperClient",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "KafkaClient",
            dependencies: [
                "KafkaModel", "KafkaProtocol", "KafkaRecords", "Sasl",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]),

        // Layer 3: the subsystems, each testable alone.
        // The live replicas: partition state, leader/follower transitions, fetchers, ISR changes, the purgatory.
        .target(
            name: "Replication",
            dependencies: [
                "KafkaModel", "KafkaProtocol", "KafkaRecords", "LogStorage", "KafkaClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "Controller",
            dependencies: [
                "KafkaModel", "KafkaProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),

        .target(
            name: "GroupCoordinator",
            dependencies: [
                "KafkaModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Kafka's transaction coordinator: `__transaction_state`, the transaction state machine, markers' timing.
        .target(
            name: "TransactionCoordinator",
            dependencies: [
                "KafkaModel", "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Layer 4: the broker and the command line.
        .target(
            name: "Broker",
            dependencies: [
                "KafkaModel", "KafkaProtocol", "KafkaRecords", "LogStorage", "ClusterMetadata",
                "ZooKeeperClient", "Controller", "KafkaClient", "GroupCoordinator", "Replication", "TributaryLogging",
                "Sasl", "TransactionCoordinator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            // The suite builds once, in release: the network layer's tests reach its internal types.
            swiftSettings: [.unsafeFlags(["-enable-testing"])]),
        .target(
            name: "TributaryCLI",
            dependencies: [
                "Broker", "ClusterMetadata", "Controller", "KafkaClient", "KafkaModel", "KafkaProtocol", "KafkaRecords",
                "LogStorage", "ZooKeeperClient", "TributaryLogging", "Sasl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),

        // Layer 5: main only.
        .executableTarget(name: "tributary", dependencies: ["TributaryCLI"]),
        .executableTarget(
            name: "crc32c-bench",
            dependencies: ["KafkaRecords", .product(name: "NIOCore", package: "swift-nio")]),
        // libFuzzer harnesses for every decoding surface (see scripts/fuzz.sh, which builds this with coverage,
        // ASan and libFuzzer in .build-fuzz). The normal build compiles it as a replayer: `Fuzz <target> file…`.
        .executableTarget(
            name: "Fuzz",
            dependencies: [
                "KafkaModel", "KafkaProtocol", "KafkaRecords", "ClusterMetadata", "LogStorage", "Replication",
                "TransactionCoordinator",
                .product(name: "NIOCore", package: "swift-nio"),
            ]),

        // Tests.
        .target(
            name: "TestSupport",
            dependencies: ["ZooKeeperClient"],
            path: "Tests/TestSupport"),
        .testTarget(name: "SaslTests", dependencies: ["Sasl"]),
        .testTarget(name: "KafkaRecordsTests", dependencies: ["KafkaRecords", "KafkaModel"]),
        .testTarget(name: "KafkaProtocolTests", dependencies: [
                        "KafkaProtocol", "KafkaModel", "ProtocolCodegen",
                        .product(name: "NIOEmbedded", package: "swift-nio"),
                    ],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ZooKeeperClientTests", dependencies: ["ZooKeeperClient", "TestSupport"]),
        .testTarget(name: "LogStorageTests", dependencies: ["LogStorage", "KafkaRecords", "KafkaModel"]),
        .testTarget(name: "ClusterMetadataTests",
                    dependencies: ["ClusterMetadata", "ZooKeeperClient", "TestSupport"]),
        .testTarget(name: "ControllerTests", dependencies: [
            "Controller", "KafkaModel", "KafkaProtocol", .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "GroupCoordinatorTests", dependencies: ["GroupCoordinator", "KafkaModel"]),
        .testTarget(name: "TransactionCoordinatorTests", dependencies: [
            "TransactionCoordinator", "KafkaModel", "KafkaProtocol", .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .testTarget(name: "ReplicationTests", dependencies: [
            "Replication", "KafkaModel", "KafkaProtocol", "KafkaRecords", "LogStorage", "KafkaClient", "TestSupport",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "BrokerTests", dependencies: [
            "Broker", "KafkaProtocol", "TestSupport", "TributaryLogging",
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "TributaryLoggingTests", dependencies: [
            "TributaryLogging", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "KafkaClientTests", dependencies: ["KafkaClient", "KafkaProtocol", "KafkaRecords", "KafkaModel"]),
    ]
)
