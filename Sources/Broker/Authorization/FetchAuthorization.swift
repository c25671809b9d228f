import KafkaModel
import KafkaProtocol
import NIOCore

/// Fetch's checks, as Kafka 2.8's `handleFetchRequest`: a follower (replica id ≥ 0) needs CLUSTER_ACTION on the
/// cluster, else every partition is refused; a consumer needs READ on each topic, else that topic's partitions
/// answer TOPIC_AUTHORIZATION_FAILED and the others are read as usual.
struct FetchAuthorization {
    /// The request without the refused topics, to read.
    let allowed: FetchRequest
    private let refused: [FetchResponse.FetchableTopicResponse]

    /// Nil when nothing is refused (or no authorizer is configured).
    init?(_ request: FetchRequest, context: RequestContext) {
        guard context.authorizer.isEnabled else { return nil }
        let code: KafkaErrorCode
        var readable: Set<String> = []
        if request.replicaID.rawValue >= 0 {
            guard !context.authorizeCluster(.clusterAction) else { return nil }
            // Kafka 2.8 answers TOPIC_AUTHORIZATION_FAILED here; the cluster code says what is missing.
            code = .clusterAuthorizationFailed
        } else {
            readable = context.authorizedTopics(.read, request.topics.map(\.topic.rawValue))
            guard request.topics.contains(where: { !readable.contains($0.topic.rawValue) }) else { return nil }
            code = .topicAuthorizationFailed
        }
        var allowed = request
        allowed.topics = request.topics.filter { readable.contains($0.topic.rawValue) }
        self.allowed = allowed
        refused = request.topics.filter { !readable.contains($0.topic.rawValue) }.map { topic in
            FetchResponse.FetchableTopicResponse(topic: topic.topic, partitions: topic.partitions.map { data in
                FetchResponse.PartitionData(partitionIndex: data.partition, errorCode: code, highWatermark: -1,
                                            lastStableOffset: -1, logStartOffset: -1,
                                            preferredReadReplica: BrokerID(-1), records: ByteBuffer())
            })
        }
    }

    /// Every topic is refused: answer at once rather than wait for data that cannot come.
    var refusesAll: Bool { allowed.topics.isEmpty }

    /// The answer for the whole request: one for `allowed` with the refused topics added.
    func merged(_ answer: FetchAnswer) -> FetchAnswer {
        var answer = answer
        answer.response.responses += refused
        answer.slices += refused.map { $0.partitions.map { _ in [] } }
        return answer
    }

    /// The answer when every topic is refused.
    var refusal: FetchAnswer {
        merged(FetchAnswer(response: FetchResponse(throttleTimeMs: 0, errorCode: .none, sessionID: 0, responses: []),
                           slices: []))
    }
}
