import Foundation
import KafkaModel

/// A reassignment plan in the JSON shape of Kafka's `kafka-reassign-partitions` tool:
/// ```json
/// {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}
/// ```
/// `log_dirs` is optional on input (same length as `replicas`; each "any" or an absolute path) and always
/// written, all "any", on output, so a printed plan can be fed back to `execute`.
struct ReassignPlan: Equatable {
    var partitions: [TopicPartition: [BrokerID]]

    /// Parses and checks a plan on its own (the cluster is checked by `validate(against:)`).
    /// - Throws: `CommandFailure` naming the problem.
    static func parse(_ text: String) throws -> ReassignPlan {
        let object = try parseObject(text, what: "reassignment")
        guard let entries = object["partitions"] as? [Any] else {
            throw CommandFailure("The reassignment JSON has no \"partitions\" list")
        }
        guard !entries.isEmpty else { throw CommandFailure("Partition reassignment list cannot be empty") }
        var partitions: [TopicPartition: [BrokerID]] = [:]
        var duplicatePartitions: [TopicPartition] = []
        var duplicateReplicas: [String] = []
        for (index, entry) in entries.enumerated() {
            guard let entry = entry as? [String: Any], let topic = entry["topic"] as? String, !topic.isEmpty,
                  let partition = integer(entry["partition"]), partition >= 0
            else {
                throw CommandFailure("Partition entry \(index) needs a \"topic\" name and a \"partition\" number")
            }
            let key = TopicPartition(TopicName(topic), PartitionIndex(Int32(clamping: partition)))
            guard let list = entry["replicas"] as? [Any] else {
                throw CommandFailure("Partition \(key) has no \"replicas\" list")
            }
            let replicas = try list.map { value -> BrokerID in
                guard let id = integer(value), let id32 = Int32(exactly: id) else {
                    throw CommandFailure("Partition \(key) has a replica that is not a broker id: \(value)")
                }
                return BrokerID(id32)
            }
            guard !replicas.isEmpty else { throw CommandFailure("Partition \(key) has an empty replica list") }
            if let negative = replicas.first(where: { $0.rawValue < 0 }) {
                throw CommandFailure("Partition \(key) has an invalid broker id \(negative)")
            }
            if Set(replicas).count != replicas.count {
                duplicateReplicas.append("\(key) contains \(replicas.map(\.description).joined(separator: ", "))")
            }
            if let dirs = entry["log_dirs"] {
                guard let dirs = dirs as? [String] else {
                    throw CommandFailure("Partition \(key) has a \"log_dirs\" entry that is not a list of strings")
                }
                guard dirs.count == replicas.count else {
                    throw CommandFailure("Size of replicas list \(replicas.map(\.rawValue)) is different from size of "
                        + "log dirs list \(dirs) for partition \(key)")
                }
                if let moved = dirs.first(where: { $0 != "any" }) {
                    throw CommandFailure("Partition \(key) asks for log directory \"\(moved)\": moving replicas "
                        + "between log directories is not supported, use \"any\"")
                }
            }
            if partitions[key] != nil { duplicatePartitions.append(key) }
            partitions[key] = replicas
        }
        if !duplicatePartitions.isEmpty {
            throw CommandFailure("Partition reassignment contains duplicate topic partitions: "
                + duplicatePartitions.map(\.description).joined(separator: ","))
        }
        if !duplicateReplicas.isEmpty {
            throw CommandFailure("Partition replica lists may not contain duplicate entries: "
                + duplicateReplicas.joined(separator: ". "))
        }
        return ReassignPlan(partitions: partitions)
    }

    /// Checks the plan against the cluster: every broker registered, every topic and partition existing.
    /// - Parameters:
    ///   - brokers: the cluster's broker ids.
    ///   - current: each existing partition's replicas.
    /// - Throws: `CommandFailure` naming the first problem.
    func validate(brokers: Set<BrokerID>, current: [TopicPartition: [BrokerID]]) throws {
        for (partition, replicas) in partitions.sorted(by: { $0.key < $1.key }) {
            guard current[partition] != nil else {
                throw CommandFailure("Unable to find partition: \(partition)")
            }
            if let unknown = replicas.first(where: { !brokers.contains($0) }) {
                throw CommandFailure("Unknown broker id \(unknown)")
            }
        }
    }

    /// Kafka's one-line plan JSON (keys in its order: topic, partition, replicas, log_dirs).
    static func format(_ partitions: [TopicPartition: [BrokerID]]) -> String {
        let entries = partitions.keys.sorted().map { partition -> String in
            let replicas = partitions[partition]!
            return "{\"topic\":\(jsonString(partition.topic.rawValue)),\"partition\":\(partition.partition.rawValue),"
                + "\"replicas\":[\(replicas.map(\.description).joined(separator: ","))],"
                + "\"log_dirs\":[\(replicas.map { _ in "\"any\"" }.joined(separator: ","))]}"
        }
        return "{\"version\":1,\"partitions\":[\(entries.joined(separator: ","))]}"
    }

    /// The `--topics-to-move-json-file` input of `generate`: `{"version":1,"topics":[{"topic":"t"}]}`.
    /// - Throws: `CommandFailure` for malformed input or a topic listed twice.
    static func parseTopicsToMove(_ text: String) throws -> [TopicName] {
        let object = try parseObject(text, what: "topics-to-move")
        guard let entries = object["topics"] as? [Any] else {
            throw CommandFailure("The topics-to-move JSON has no \"topics\" list")
        }
        let topics = try entries.enumerated().map { index, entry -> TopicName in
            guard let entry = entry as? [String: Any], let topic = entry["topic"] as? String, !topic.isEmpty else {
                throw CommandFailure("Topic entry \(index) needs a \"topic\" name")
            }
            return TopicName(topic)
        }
        guard !topics.isEmpty else { throw CommandFailure("The topics-to-move list cannot be empty") }
        let duplicates = Dictionary(grouping: topics, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        if !duplicates.isEmpty {
            throw CommandFailure("List of topics to reassign contains duplicate entries: "
                + duplicates.map(\.rawValue).joined(separator: ","))
        }
        return topics
    }

    private static func parseObject(_ text: String, what: String) throws -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw CommandFailure("The \(what) JSON is malformed: \(error.localizedDescription)")
        }
        guard let object = parsed as? [String: Any] else {
            throw CommandFailure("The \(what) JSON must be an object")
        }
        if let version = object["version"], integer(version) != 1 {
            throw CommandFailure("Unsupported \(what) JSON version \(version); only 1 is known")
        }
        return object
    }

    /// An integral JSON number (not a fraction).
    private static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 1e15 else { return nil }
        return number.intValue
    }

    private static func jsonString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])) ?? Data()
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
