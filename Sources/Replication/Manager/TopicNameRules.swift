import KafkaModel
import KafkaProtocol

/// Kafka's rules for topic names (`Topic.validate`): 1–249 characters of ASCII letters, digits, '.', '_'
/// and '-', and not "." or "..".
public enum TopicNameRules {
    public static let maxLength = 249
    public static let offsetsTopic = TopicName("__consumer_offsets")

    /// Why `name` is not a valid topic name, or nil when it is.
    public static func validate(_ name: TopicName) -> String? {
        let text = name.rawValue
        if text.isEmpty { return "topic name is illegal, it can't be empty" }
        if text == "." || text == ".." { return "topic name cannot be \".\" or \"..\"" }
        if text.utf8.count > maxLength {
            return "topic name is illegal, it can't be longer than \(maxLength) characters"
        }
        let legal = text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        if !legal {
            return "topic name \(text) is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"
        }
        return nil
    }

    /// Why a partition named by a request can never be hosted: INVALID_TOPIC_EXCEPTION for an illegal topic
    /// name (names become directory names, so `../x` must never reach the file system), INVALID_REQUEST for a
    /// negative partition index; nil when it may be used.
    public static func unusablePartition(_ tp: TopicPartition) -> KafkaErrorCode? {
        if validate(tp.topic) != nil { return .invalidTopicException }
        if tp.partition.rawValue < 0 { return .invalidRequest }
        return nil
    }
}
