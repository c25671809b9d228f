import CoreMetrics
import KafkaModel
import KafkaProtocol
import LogStorage
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import ZooKeeperClient

/// The broker's metric objects, over swift-metrics with the Prometheus backend.
///
/// One per process: `MetricsSystem.bootstrap` may run once, so the first use bootstraps it with this registry
/// and every broker in the process shares the counters. Hot paths (produce, fetch, every request) touch only
/// objects made in advance or cached per topic (`MeasuredRequestProcessor` holds the per-API ones): an atomic
/// add or a histogram's short lock, no allocation.
/// Gauges that describe state are not kept here piecemeal: `BrokerStateMetrics` recomputes them when scraped.
final class BrokerMetrics: Sendable {
    /// The process's metrics; bootstraps the metrics system on first use.
    static let shared: BrokerMetrics = {
        var factory = PrometheusMetricsFactory(registry: registry)
        for name in MetricName.histograms { factory.valueHistogramBuckets[name] = MetricName.millisecondBuckets }
        MetricsSystem.bootstrap(factory)
        let metrics = BrokerMetrics()
        ZooKeeperRequestTiming.observe { metrics.zooKeeperRequestLatencyMs.record($0.milliseconds) }
        LogFlushTiming.observe { metrics.logFlushTimeMs.record($0.milliseconds) }
        return metrics
    }()

    /// What `/metrics` renders.
    static let registry = PrometheusCollectorRegistry()

    private struct TopicMetrics: Sendable {
        let bytesIn: CoreMetrics.Counter
        let messagesIn: CoreMetrics.Counter
        let bytesOut: CoreMetrics.Counter
    }

    private let topics = NIOLockedValueBox<[TopicName: TopicMetrics]>([:])
    private let errorCounters = NIOLockedValueBox<[ErrorKey: CoreMetrics.Counter]>([:])
    private struct ErrorKey: Hashable { var api: Int16; var error: String }

    let isrShrinks = CoreMetrics.Counter(label: MetricName.isrShrinks)
    let isrExpands = CoreMetrics.Counter(label: MetricName.isrExpands)
    let replicationBytesOut = CoreMetrics.Counter(label: MetricName.replicationBytesOut)
    let requestQueueTimeMs = CoreMetrics.Recorder(label: MetricName.requestQueueTimeMs)
    let logFlushTimeMs = CoreMetrics.Recorder(label: MetricName.logFlushTimeMs)
    let zooKeeperRequestLatencyMs = CoreMetrics.Recorder(label: MetricName.zooKeeperRequestLatencyMs)

    private init() {}

    // MARK: Requests

    /// Counts `count` errors `code` in answers to `apiKey` (no-op for `.none`).
    func requestErrors(apiKey: ApiKey, code: KafkaErrorCode, count: Int = 1) {
        guard code != .none else { return }
        requestErrors(apiKey: apiKey.rawValue, error: code.name, count: count)
    }

    func requestErrors(apiKey: Int16, error: String, count: Int = 1) {
        let key = ErrorKey(api: apiKey, error: error)
        let counter = errorCounters.withLockedValue { counters in
            if let counter = counters[key] { return counter }
            let request = ApiKey(rawValue: apiKey)?.name ?? "\(apiKey)"
            let counter = CoreMetrics.Counter(label: MetricName.errors, dimensions: [("request", request), ("error", error)])
            counters[key] = counter
            return counter
        }
        counter.increment(by: count)
    }

    func requestQueued(nanoseconds: Int64) {
        requestQueueTimeMs.record(Double(nanoseconds) / 1_000_000)
    }

    // MARK: Topics

    /// A batch of `messages` records, `bytes` long, appended as leader to a partition of `topic`.
    func produced(topic: TopicName, bytes: Int, messages: Int) {
        let metrics = topicMetrics(topic)
        metrics.bytesIn.increment(by: bytes)
        metrics.messagesIn.increment(by: messages)
    }

    /// A fetch answer that carries `bytes` record bytes of `topic`: bytes out for a consumer, replication bytes
    /// out (all topics together, as Kafka) for a follower.
    func fetched(topic: TopicName, bytes: Int, byFollower: Bool) {
        guard bytes > 0 else { return }
        if byFollower {
            replicationBytesOut.increment(by: bytes)
        } else {
            topicMetrics(topic).bytesOut.increment(by: bytes)
        }
    }

    private func topicMetrics(_ topic: TopicName) -> TopicMetrics {
        topics.withLockedValue { topics in
            if let metrics = topics[topic] { return metrics }
            let label = [("topic", topic.rawValue)]
            let metrics = TopicMetrics(bytesIn: CoreMetrics.Counter(label: MetricName.bytesIn, dimensions: label),
                                       messagesIn: CoreMetrics.Counter(label: MetricName.messagesIn, dimensions: label),
                                       bytesOut: CoreMetrics.Counter(label: MetricName.bytesOut, dimensions: label))
            topics[topic] = metrics
            return metrics
        }
    }

    // MARK: Produce and fetch answers

    /// Counts the partition errors of a produce response.
    func produceErrors(_ responses: [ProduceResponse.TopicProduceResponse]) {
        for topic in responses {
            for partition in topic.partitionResponses where partition.errorCode != .none {
                requestErrors(apiKey: .produce, code: partition.errorCode)
            }
        }
    }

    /// Counts a fetch answer's record bytes per topic and its partition errors.
    func fetched(_ answer: FetchAnswer, byFollower: Bool) {
        for (t, topic) in answer.response.responses.enumerated() {
            var bytes = 0
            for (p, partition) in topic.partitions.enumerated() {
                if partition.errorCode != .none { requestErrors(apiKey: .fetch, code: partition.errorCode) }
                if t < answer.slices.count, p < answer.slices[t].count {
                    for slice in answer.slices[t][p] { bytes += slice.length }
                }
            }
            fetched(topic: topic.topic, bytes: bytes, byFollower: byFollower)
        }
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
