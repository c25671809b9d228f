import KafkaProtocol

/// A message type with a generated sample value per version (see Generated/MessageSamples.swift).
protocol SampledMessage: KafkaMessage {
    static func sample(version: Int16) -> Self
}
