import ClusterMetadata
import Foundation
import KafkaModel
import Testing

/// Whether two JSON texts hold the same value (field order ignored; string vs number not).
func sameJSON(_ encoded: [UInt8], _ expected: String) throws -> Bool {
    let left = try JSONSerialization.jsonObject(with: Data(encoded)) as? NSDictionary
    let right = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? NSDictionary
    return left != nil && left == right
}

func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("znode codecs")
struct ZNodeCodecTests {
    @Test func clusterID() throws {
        let json = #"{"version":"1","id":"qC3Yb9mYS2uTnZ1Z8pH3eQ"}"#
        #expect(try ClusterIDZNode.decode(utf8(json)) == ClusterIDZNode(id: "qC3Yb9mYS2uTnZ1Z8pH3eQ"))
        #expect(try sameJSON(ClusterIDZNode(id: "qC3Yb9mYS2uTnZ1Z8pH3eQ").encoded(), json))
        // version is a string here: a number is a different document.
        #expect(throws: ZNodeDecodingError.self) { try ClusterIDZNode.decode(utf8(#"{"version":1,"id":"x"}"#)) }
    }

    @Test func randomIDsAreKafkaUUIDs() {
        let id = ZNodeUUID.random()
        #expect(id.count == 22)
        #expect(!id.hasPrefix("-"))
        #expect(id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(ZNodeUUID.decode(id)?.count == 16)
        #expect(ZNodeUUID.random() != id)
    }

    @Test func controller() throws {
        let json = #"{"version":1,"brokerid":2,"timestamp":"1700000000000"}"#
        let value = ControllerZNode(brokerID: BrokerID(2), timestamp: 1_700_000_000_000)
        #expect(try ControllerZNode.decode(utf8(json)) == value)
        #expect(try sameJSON(value.encoded(), json))
        let v2 = #"{"version":2,"brokerid":2,"timestamp":"1700000000000","kraftControllerEpoch":-1}"#
        #expect(try ControllerZNode.decode(utf8(v2)) == value)
        #expect(throws: ZNodeDecodingError.self) {
            try ControllerZNode.decode(utf8(#"{"version":1,"brokerid":"2","timestamp":"1"}"#))
        }
    }

    /// KIP-112's notification, byte for byte as Kafka writes it; read as Kafka reads it (the broker id alone).
    @Test func logDirEventNotification() throws {
        let json = #"{"version":1,"broker":3,"event":1}"#
        #expect(LogDirEventNotificationZNode(brokerID: BrokerID(3)).encoded() == utf8(json))
        let path = "/log_dir_event_notification/log_dir_event_0000000001"
        #expect(try LogDirEventNotificationZNode.decode(utf8(json), path: path).brokerID == BrokerID(3))
        #expect(try LogDirEventNotificationZNode.decode(utf8(#"{"broker":4}"#), path: path).brokerID == BrokerID(4))
        for hostile in [#"{"version":1,"event":1}"#, #"{"broker":"3"}"#, #"{"broker":-1}"#,
                        #"{"broker":9999999999}"#, #"{"broker":1.5}"#, "[]", "", "\u{0}"] {
            #expect(throws: ZNodeDecodingError.self) { try LogDirEventNotificationZNode.decode(utf8(hostile), path: path) }
        }
    }

    @Test func controllerEpochIsASCII() throws {
        #expect(ControllerEpochZNode.encode(ControllerEpoch(7)) == utf8("7"))
        #expect(try ControllerEpochZNode.decode(utf8("12")) == ControllerEpoch(12))
        do {
            _ = try ControllerEpochZNode.decode(utf8("{}"))
            Issue.record("decoded garbage")
        } catch {
            #expect(error.path == "/controller_epoch")
        }
    }

    @Test func brokerRegistrationVersion5() throws {
        let json = """
            {"version":5,"host":"b1.example","port":9092,"jmx_port":-1,"timestamp":"1700000000000",
             "endpoints":["CLIENT://b1.example:9092","REPLICATION://b1.example:9093"],
             "listener_security_protocol_map":{"CLIENT":"PLAINTEXT","REPLICATION":"PLAINTEXT"},
             "rack":"rack-a","features":{}}
            """
        let value = BrokerIDZNode(
            id: BrokerID(1),
            endpoints: [BrokerIDZNode.Endpoint(listenerName: "CLIENT", host: "b1.example", port: 9092),
                        BrokerIDZNode.Endpoint(listenerName: "REPLICATION", host: "b1.example", port: 9093)],
            rack: "rack-a", timestamp: 1_700_000_000_000)
        #expect(try BrokerIDZNode.decode(utf8(json), id: BrokerID(1)) == value)
        #expect(try sameJSON(value.encoded(), json))
        #expect(String(decoding: value.encoded(), as: UTF8.self).contains("CLIENT://b1.example:9092"))
    }

    @Test func brokerRegistrationWithoutRackOrPlaintext() throws {
        var value = BrokerIDZNode(
            id: BrokerID(3),
            endpoints: [BrokerIDZNode.Endpoint(listenerName: "SECURE", securityProtocol: "SSL", host: "h", port: 9093)],
            timestamp: 5)
        let json = """
            {"version":5,"host":null,"port":-1,"jmx_port":-1,"timestamp":"5","endpoints":["SECURE://h:9093"],
             "listener_security_protocol_map":{"SECURE":"SSL"},"features":{}}
            """
        #expect(try sameJSON(value.encoded(), json))
        #expect(try BrokerIDZNode.decode(utf8(json), id: BrokerID(3)) == value)
        value.endpoints = [BrokerIDZNode.Endpoint(listenerName: "PLAINTEXT", host: "::1", port: 9092)]
        #expect(try BrokerIDZNode.decode(value.encoded(), id: BrokerID(3)).endpoints == value.endpoints)
    }

    @Test func olderBrokerRegistrations() throws {
        let v1 = #"{"version":1,"host":"old","port":9092,"jmx_port":9999,"timestamp":"10"}"#
        let decoded1 = try BrokerIDZNode.decode(utf8(v1), id: BrokerID(4))
        #expect(decoded1.endpoints == [BrokerIDZNode.Endpoint(listenerName: "PLAINTEXT", host: "old", port: 9092)])
        #expect(decoded1.jmxPort == 9999)
        let v2 = #"{"version":2,"host":"h","port":9092,"jmx_port":-1,"timestamp":"10","endpoints":["PLAINTEXT://h:9092","SSL://h:9093"]}"#
        let decoded2 = try BrokerIDZNode.decode(utf8(v2), id: BrokerID(4))
        #expect(decoded2.endpoints.map(\.securityProtocol) == ["PLAINTEXT", "SSL"])
        #expect(decoded2.rack == nil)
        let v4 = #"{"version":4,"host":"h","port":1,"jmx_port":-1,"timestamp":"10","endpoints":["IN://h:1"],"listener_security_protocol_map":{"IN":"SASL_PLAINTEXT"},"rack":"r"}"#
        let decoded4 = try BrokerIDZNode.decode(utf8(v4), id: BrokerID(4))
        #expect(decoded4.endpoints.first?.securityProtocol == "SASL_PLAINTEXT")
        #expect(decoded4.rack == "r")
    }

    @Test func topicVersion3() throws {
        let json = """
            {"version":3,"topic_id":"x8fHq3nKTt2zQk1Y0bH6tw","partitions":{"0":[1,2,3],"1":[2,3,1]},
             "adding_replicas":{"1":[1]},"removing_replicas":{}}
            """
        let value = TopicZNode(
            topicID: "x8fHq3nKTt2zQk1Y0bH6tw",
            partitions: [PartitionIndex(0): [1, 2, 3].map { BrokerID($0) }, PartitionIndex(1): [2, 3, 1].map { BrokerID($0) }],
            addingReplicas: [PartitionIndex(1): [BrokerID(1)]])
        #expect(try TopicZNode.decode(utf8(json), topic: "orders") == value)
        #expect(try sameJSON(value.encoded(), json))
    }

    @Test func olderTopicVersions() throws {
        let v1 = #"{"version":1,"partitions":{"0":[1]}}"#
        #expect(try TopicZNode.decode(utf8(v1), topic: "t")
            == TopicZNode(topicID: nil, partitions: [PartitionIndex(0): [BrokerID(1)]]))
        let v2 = #"{"version":2,"partitions":{"0":[1,2]},"adding_replicas":{},"removing_replicas":{"0":[2]}}"#
        let decoded = try TopicZNode.decode(utf8(v2), topic: "t")
        #expect(decoded.topicID == nil)
        #expect(decoded.removingReplicas == [PartitionIndex(0): [BrokerID(2)]])
        do {
            _ = try TopicZNode.decode(utf8(#"{"version":3,"partitions":{"zero":[1]}}"#), topic: "orders")
            Issue.record("decoded a bad partition key")
        } catch {
            #expect(error.path == "/brokers/topics/orders")
            #expect(error.description.contains("/brokers/topics/orders"))
        }
    }

    @Test func partitionState() throws {
        let json = #"{"version":1,"leader":1,"leader_epoch":4,"controller_epoch":7,"isr":[1,3]}"#
        let value = PartitionStateZNode(leader: BrokerID(1), leaderEpoch: LeaderEpoch(4),
                                        controllerEpoch: ControllerEpoch(7), isr: [BrokerID(1), BrokerID(3)])
        let partition = TopicPartition("orders", PartitionIndex(0))
        #expect(PartitionStateZNode.path(partition) == "/brokers/topics/orders/partitions/0/state")
        #expect(try PartitionStateZNode.decode(utf8(json), partition: partition) == value)
        #expect(try sameJSON(value.encoded(), json))
        let recovering = #"{"version":1,"leader":1,"leader_epoch":4,"controller_epoch":7,"isr":[1],"leader_recovery_state":1}"#
        #expect(try PartitionStateZNode.decode(utf8(recovering), partition: partition).leaderRecoveryState == 1)
        #expect(throws: ZNodeDecodingError.self) {
            try PartitionStateZNode.decode(utf8(#"{"version":1,"leader":1}"#), partition: partition)
        }
    }

    @Test func configAndChangeNotification() throws {
        let json = #"{"version":1,"config":{"min.insync.replicas":"2","retention.ms":"86400000"}}"#
        let value = EntityConfigZNode(config: ["min.insync.replicas": "2", "retention.ms": "86400000"])
        #expect(try EntityConfigZNode.decode(utf8(json), path: "/config/topics/orders") == value)
        #expect(try sameJSON(value.encoded(), json))
        #expect(EntityConfigZNode.topicPath("orders") == "/config/topics/orders")
        let change = #"{"version":2,"entity_path":"topics/orders"}"#
        #expect(try sameJSON(ConfigChangeNotificationZNode(.topics, "orders").encoded(), change))
        #expect(try ConfigChangeNotificationZNode.decode(utf8(change), path: "/config/changes/config_change_0000000012")
            .entityPath == "topics/orders")
    }

    @Test func adminZNodes() throws {
        let reassign = #"{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[4,5,6]}]}"#
        let value = ReassignPartitionsZNode(
            reassignments: [TopicPartition("orders", PartitionIndex(0)): [4, 5, 6].map { BrokerID($0) }])
        #expect(try ReassignPartitionsZNode.decode(utf8(reassign)) == value)
        #expect(try sameJSON(value.encoded(), reassign))

        let list = #"{"version":1,"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":2}]}"#
        let partitions = PartitionListZNode(partitions: [TopicPartition("orders", PartitionIndex(0)),
                                                         TopicPartition("orders", PartitionIndex(2))])
        #expect(try PartitionListZNode.decode(utf8(list), path: PartitionListZNode.preferredReplicaElectionPath)
            == partitions)
        #expect(try sameJSON(partitions.encoded(), list))
        #expect(DeleteTopicZNode.path("orders") == "/admin/delete_topics/orders")

        let block = #"{"version":1,"broker":1,"block_start":"2000","block_end":"2999"}"#
        let blockValue = ProducerIDBlockZNode(brokerID: BrokerID(1), blockStart: 2000, blockEnd: 2999)
        #expect(try ProducerIDBlockZNode.decode(utf8(block)) == blockValue)
        #expect(try sameJSON(blockValue.encoded(), block))
    }

    @Test func malformedJSONNamesThePath() {
        do {
            _ = try BrokerIDZNode.decode(utf8("{not json"), id: BrokerID(9))
            Issue.record("decoded garbage")
        } catch {
            #expect(error.path == "/brokers/ids/9")
            #expect(error.description.contains("/brokers/ids/9"))
        }
        #expect(throws: ZNodeDecodingError.self) { try ControllerZNode.decode(utf8("[1,2]")) }
        #expect(throws: ZNodeDecodingError.self) { try ControllerZNode.decode(utf8(#"{"version":9,"brokerid":1}"#)) }
        #expect(throws: ZNodeDecodingError.self) {
            try PartitionStateZNode.decode(utf8(#"{"version":1,"leader":true,"leader_epoch":0,"controller_epoch":0,"isr":[]}"#),
                                           partition: TopicPartition("t", PartitionIndex(0)))
        }
    }

    /// The hand-written encoder writes exactly what `JSONSerialization` (sorted keys, unescaped slashes) wrote,
    /// strings with quotes, backslashes, control characters and non-ASCII text included.
    @Test func encodingMatchesJSONSerializationByteForByte() throws {
        let config = ["cleanup.policy": "compact", "quote\"d": "back\\slash /path", "line": "a\nb\tc\u{01}",
                      "unicode": "grüße ✓", "empty": ""]
        let expected = try JSONSerialization.data(withJSONObject: ["version": 1, "config": config],
                                                  options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(EntityConfigZNode(config: config).encoded() == Array(expected))
        let state = PartitionStateZNode(leader: BrokerID(3), leaderEpoch: LeaderEpoch(12),
                                        controllerEpoch: ControllerEpoch(4), isr: [BrokerID(3), BrokerID(1)])
        #expect(String(decoding: state.encoded(), as: UTF8.self)
            == #"{"controller_epoch":4,"isr":[3,1],"leader":3,"leader_epoch":12,"version":1}"#)
    }
}
