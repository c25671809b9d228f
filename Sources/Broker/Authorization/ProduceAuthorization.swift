import KafkaModel
import KafkaProtocol

/// Produce's checks, as Kafka 2.8's `handleProduceRequest`: a transactional request needs WRITE on its
/// transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED for every partition); idempotent batches need
/// IDEMPOTENT_WRITE on the cluster (else CLUSTER_AUTHORIZATION_FAILED for every partition) — or, as Kafka 3.0
/// allows (KIP-679), WRITE on every topic of the request; each topic needs WRITE (else
/// TOPIC_AUTHORIZATION_FAILED for its partitions, the others are appended).
struct ProduceAuthorization {
    /// The request without the refused topics, to append.
    let allowed: ProduceRequest
    private let refused: [ProduceResponse.TopicProduceResponse]

    /// Nil when nothing is refused (or no authorizer is configured): the request goes on as it is.
    init?(_ request: ProduceRequest, context: RequestContext) {
        // The allowed part comes back through here: with nothing to check it goes on.
        guard context.authorizer.isEnabled, !request.topicData.isEmpty else { return nil }
        func refuseAll(_ code: KafkaErrorCode) -> [ProduceResponse.TopicProduceResponse] {
            request.topicData.map { Self.refusal($0, code) }
        }
        if let transactionalID = request.transactionalID {
            guard context.authorize(.write, .transactionalID, transactionalID) else {
                self.init(allowed: request, keeping: [], refused: refuseAll(.transactionalIdAuthorizationFailed))
                return
            }
        } else if Self.hasIdempotentBatches(request), !context.authorizeCluster(.idempotentWrite) {
            let names = request.topicData.map(\.name.rawValue)
            guard !names.isEmpty, context.authorizedTopics(.write, names).count == Set(names).count else {
                self.init(allowed: request, keeping: [], refused: refuseAll(.clusterAuthorizationFailed))
                return
            }
        }
        let writable = context.authorizedTopics(.write, request.topicData.map(\.name.rawValue))
        let denied = request.topicData.filter { !writable.contains($0.name.rawValue) }
        guard !denied.isEmpty else { return nil }
        self.init(allowed: request, keeping: request.topicData.filter { writable.contains($0.name.rawValue) },
                  refused: denied.map { Self.refusal($0, .topicAuthorizationFailed) })
    }

    private init(allowed request: ProduceRequest, keeping: [ProduceRequest.TopicProduceData],
                 refused: [ProduceResponse.TopicProduceResponse])
    {
        var allowed = request
        allowed.topicData = keeping
        self.allowed = allowed
        self.refused = refused
    }

    /// The answer for the allowed topics with the refused ones added (nil stays nil: acks=0).
    func merged(_ response: ProduceResponse?) -> ProduceResponse? {
        guard var response else { return nil }
        response.responses += refused
        BrokerMetrics.shared.produceErrors(refused)
        return response
    }

    private static func refusal(_ topic: ProduceRequest.TopicProduceData, _ code: KafkaErrorCode)
        -> ProduceResponse.TopicProduceResponse
    {
        ProduceResponse.TopicProduceResponse(name: topic.name, partitionResponses: topic.partitionData.map {
            var response = ProduceResponse.PartitionProduceResponse(index: $0.index)
            response.errorCode = code
            response.baseOffset = -1
            response.logAppendTimeMs = -1
            response.logStartOffset = -1
            return response
        })
    }

    /// Whether any partition's first batch carries a producer id (magic 2; the id is at byte 43 of its header).
    static func hasIdempotentBatches(_ request: ProduceRequest) -> Bool {
        request.topicData.contains { topic in
            topic.partitionData.contains { data in
                guard let records = data.records, records.readableBytes >= 51,
                      records.getInteger(at: records.readerIndex + 16, as: UInt8.self) == 2,
                      let producerID = records.getInteger(at: records.readerIndex + 43, as: Int64.self)
                else { return false }
                return producerID >= 0
            }
        }
    }
}
