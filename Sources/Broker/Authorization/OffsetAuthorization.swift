import KafkaModel
import KafkaProtocol

/// OffsetCommit's and OffsetFetch's checks, as Kafka 2.8's `KafkaApis`.
enum OffsetAuthorization {
    /// OffsetCommit: READ on the group (else GROUP_AUTHORIZATION_FAILED for every partition), then READ on each
    /// topic (else TOPIC_AUTHORIZATION_FAILED for its partitions). Nil when everything may be committed; else the
    /// refused part of the answer and the request to commit without it.
    static func commit(_ request: OffsetCommitRequest, context: RequestContext)
        -> (allowed: OffsetCommitRequest?, refused: [OffsetCommitResponse.OffsetCommitResponseTopic])?
    {
        guard context.authorizer.isEnabled, !request.topics.isEmpty else { return nil }
        func answer(_ topics: [OffsetCommitRequest.OffsetCommitRequestTopic], _ code: KafkaErrorCode)
            -> [OffsetCommitResponse.OffsetCommitResponseTopic]
        {
            topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map {
                    .init(partitionIndex: $0.partitionIndex, errorCode: code)
                })
            }
        }
        guard context.authorize(.read, .group, request.groupID) else {
            return (nil, answer(request.topics, .groupAuthorizationFailed))
        }
        let readable = context.authorizedTopics(.read, request.topics.map(\.name.rawValue))
        let denied = request.topics.filter { !readable.contains($0.name.rawValue) }
        guard !denied.isEmpty else { return nil }
        var allowed = request
        allowed.topics = request.topics.filter { readable.contains($0.name.rawValue) }
        return (allowed.topics.isEmpty ? nil : allowed, answer(denied, .topicAuthorizationFailed))
    }

    /// OffsetFetch: DESCRIBE on the group (else GROUP_AUTHORIZATION_FAILED: per group from v8, for the request
    /// from v2, per partition before) and DESCRIBE on each topic (a named partition answers
    /// TOPIC_AUTHORIZATION_FAILED; a fetch of every partition leaves the topic out).
    static func fetch(_ response: OffsetFetchResponse, _ request: OffsetFetchRequest, context: RequestContext)
        -> OffsetFetchResponse
    {
        guard context.authorizer.isEnabled else { return response }
        var response = response
        let version = context.apiVersion
        func describable(_ topic: TopicName) -> Bool {
            context.authorizer.authorize(context.session, .describe, .topic, topic.rawValue, logDenial: false)
        }
        if version >= 8 {
            for (index, group) in response.groups.enumerated() {
                guard context.authorize(.describe, .group, group.groupID) else {
                    response.groups[index].errorCode = .groupAuthorizationFailed
                    response.groups[index].topics = []
                    continue
                }
                let named = request.groups.first { $0.groupID == group.groupID }?.topics != nil
                response.groups[index].topics = visible(group.topics, named: named, describable)
            }
            return response
        }
        guard context.authorize(.describe, .group, request.groupID) else {
            if version >= 2 { return OffsetFetchResponse(topics: [], errorCode: .groupAuthorizationFailed) }
            for t in response.topics.indices { refuse(&response.topics[t].partitions, .groupAuthorizationFailed) }
            return response
        }
        let named = request.topics != nil && !(version < 2 && request.topics?.isEmpty == true)
        response.topics = visible(response.topics, named: named, describable)
        return response
    }

    /// The topics as the sender may see them: an undescribable one refused when named, else left out.
    private static func visible<Topic: RefusableOffsetTopic>(_ topics: [Topic], named: Bool,
                                                             _ describable: (TopicName) -> Bool) -> [Topic]
    {
        topics.compactMap { topic in
            if describable(topic.name) { return topic }
            guard named else { return nil }
            var refused = topic
            refuse(&refused.partitions, .topicAuthorizationFailed)
            return refused
        }
    }

    /// Answers each partition with `code` and no committed offset.
    private static func refuse<Partition: RefusableOffset>(_ partitions: inout [Partition], _ code: KafkaErrorCode) {
        for p in partitions.indices {
            partitions[p].errorCode = code
            partitions[p].committedOffset = -1
            partitions[p].metadata = ""
        }
    }
}

/// An OffsetFetch partition answer (the v0–7 and the v8 shapes).
protocol RefusableOffset {
    var errorCode: KafkaErrorCode { get set }
    var committedOffset: Int64 { get set }
    var metadata: String? { get set }
}

/// An OffsetFetch topic answer (the v0–7 and the v8 shapes).
protocol RefusableOffsetTopic {
    associatedtype Partition: RefusableOffset
    var name: TopicName { get }
    var partitions: [Partition] { get set }
}

extension OffsetFetchResponse.OffsetFetchResponseTopic: RefusableOffsetTopic {}
extension OffsetFetchResponse.OffsetFetchResponseTopics: RefusableOffsetTopic {}
extension OffsetFetchResponse.OffsetFetchResponsePartition: RefusableOffset {}
extension OffsetFetchResponse.OffsetFetchResponsePartitions: RefusableOffset {}
