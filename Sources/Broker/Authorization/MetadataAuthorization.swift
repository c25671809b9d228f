import KafkaModel

/// Metadata's checks, as Kafka 2.8's `handleTopicMetadataRequest`: DESCRIBE on each topic (an all-topics request
/// silently leaves the others out; a named one is answered TOPIC_AUTHORIZATION_FAILED whether it exists or
/// not, so existence does not leak); auto-creation also needs CREATE on the cluster or the topic.
struct MetadataAuthorization {
    let refused: Set<TopicName>
    private let context: RequestContext
    private let createOnCluster: Bool

    init(_ topics: [TopicName], allTopics: Bool, context: RequestContext) {
        self.context = context
        guard context.authorizer.isEnabled else {
            refused = []
            createOnCluster = true
            return
        }
        refused = Set(topics.filter {
            !context.authorizer.authorize(context.session, .describe, .topic, $0.rawValue, api: context.header.apiKey,
                                          logDenial: !allTopics)
        })
        createOnCluster = context.authorizer.authorize(context.session, .create, .cluster, ResourcePattern.clusterName,
                                                       logDenial: false)
    }

    /// Whether a missing topic may be auto-created for this sender.
    func mayCreate(_ topic: TopicName) -> Bool {
        !refused.contains(topic) && (createOnCluster || context.authorize(.create, .topic, topic.rawValue))
    }
}
