import KafkaProtocol

/// A value, or the Kafka error code a request is answered with (`Result` would need `KafkaErrorCode` to be an
/// `Error`, which this layer does not declare).
public enum Answer<Value: Sendable>: Sendable {
    case success(Value)
    case failure(KafkaErrorCode)

    /// The error code, or nil on success.
    public var errorCode: KafkaErrorCode? {
        if case .failure(let code) = self { return code }
        return nil
    }

    /// The value, or nil on failure.
    public var value: Value? {
        if case .success(let value) = self { return value }
        return nil
    }
}

extension Answer: Equatable where Value: Equatable {}
