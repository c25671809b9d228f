import KafkaProtocol

/// Failures of our client: connection problems, and Kafka error codes an operation could not get past.
public enum KafkaClientError: Error, Hashable, Sendable, CustomStringConvertible {
    case connectionClosed
    case unexpectedResponse
    case correlationMismatch(expected: Int32, got: Int32)
    case noCommonVersion(api: String)
    case noBrokerAvailable(String)
    /// A broker answered `api` with an error code that was not retriable, or still failed after retries.
    case brokerError(api: ApiKey, code: KafkaErrorCode, message: String?)
    case timeout(String)
    /// A configuration or argument this client cannot work with.
    case invalidArgument(String)
    /// The topic does not exist (or has no partitions the client may use).
    case unknownTopic(String)
    /// The producer or consumer was closed.
    case closed
    /// Fetched record bytes that do not decode (damaged batch, bad compression).
    case corruptRecords(String)
    /// The broker refused this client's SASL login (unknown mechanism, wrong credentials), with its message.
    case authenticationFailed(String)

    public var description: String {
        switch self {
        case .connectionClosed: "the connection closed"
        case .unexpectedResponse: "a response arrived that no request was waiting for"
        case let .correlationMismatch(expected, got): "response correlation id \(got), expected \(expected)"
        case .noCommonVersion(let api): "the broker supports no version of \(api) this client speaks"
        case .noBrokerAvailable(let detail): "no broker available: \(detail)"
        case let .brokerError(api, code, message):
            "\(api) failed: \(code.name)" + (message.map { " (\($0))" } ?? "")
        case .timeout(let what): "timed out: \(what)"
        case .invalidArgument(let detail): "invalid argument: \(detail)"
        case .unknownTopic(let topic): "unknown topic: \(topic)"
        case .closed: "the client is closed"
        case .corruptRecords(let detail): "corrupt records: \(detail)"
        case .authenticationFailed(let detail): "authentication failed: \(detail)"
        }
    }

    /// The Kafka error code carried, if this failure is one.
    public var kafkaErrorCode: KafkaErrorCode? {
        if case let .brokerError(_, code, _) = self { return code }
        return nil
    }
}

extension KafkaErrorCode {
    /// Whether Kafka classifies the error as retriable (a `RetriableException`): the same request may
    /// succeed later, typically after a metadata refresh or a leader election.
    public var isRetriable: Bool {
        switch rawValue {
        case 2, 3, 5, 6, 7, 8, 13, 14, 15, 16, 19, 20, 51, 56, 70, 71, 74, 75, 78, 80, 89: true
        default: false
        }
    }

    /// Whether the error means the client's view of leaders is stale and metadata must be fetched again.
    public var invalidatesMetadata: Bool {
        switch rawValue {
        // UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, BROKER_NOT_AVAILABLE,
        // REPLICA_NOT_AVAILABLE, KAFKA_STORAGE_ERROR, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH.
        case 3, 5, 6, 8, 9, 56, 74, 75: true
        default: false
        }
    }
}
