import Foundation
import KafkaClient
import KafkaModel

extension ConsumeCommand {
    /// Reads as a member of `group` until --max-messages, --timeout-ms of silence, SIGINT or SIGTERM, then
    /// commits what was printed and leaves the group.
    func consumeAsMember(of group: String) async throws {
        var configuration = GroupConsumerConfiguration()
        configuration.consumer.clientID = "tributary-console-consumer"
        configuration.consumer.autoOffsetReset = fromBeginning ? .earliest : .latest
        let consumer = try KafkaGroupConsumer(
            bootstrapServers: connection.bootstrapServer, groupID: group, topics: [TopicName(topic)],
            configuration: configuration, security: connection.clientSecurity())
        let stop = StopRequest()
        let signals = SignalWaiter([SIGINT, SIGTERM])
        let signalWatch = Task {
            _ = await signals.next()
            await stop.request()
        }
        defer { signalWatch.cancel() }

        var processed = 0
        do {
            let idleLimit: Duration? = timeoutMs.map { .milliseconds($0) }
            // The idle clock starts once the first poll has joined the group (joining waits for the others).
            var lastRecordAt: ContinuousClock.Instant? = nil
            consuming: while await !stop.requested, maxMessages.map({ processed < $0 }) ?? true {
                let wait = idleLimit.map { limit in
                    min(.milliseconds(500), max(.milliseconds(1), limit - (.now - (lastRecordAt ?? .now))))
                }
                let records = try await consumer.poll(timeout: wait ?? .milliseconds(500))
                let idleSince = lastRecordAt ?? .now
                lastRecordAt = idleSince
                if records.isEmpty {
                    if let idleLimit, ContinuousClock.now - idleSince >= idleLimit { break }
                    continue
                }
                lastRecordAt = .now
                for (index, record) in records.enumerated() {
                    try printRecord(record)
                    processed += 1
                    if let maxMessages, processed >= maxMessages {
                        // Records of the round past the limit were not printed: rewind so they are not committed.
                        var firstUnprinted: [TopicPartition: Int64] = [:]
                        for skipped in records[(index + 1)...] {
                            firstUnprinted[skipped.topicPartition] = min(
                                firstUnprinted[skipped.topicPartition] ?? .max, skipped.offset)
                        }
                        for (partition, offset) in firstUnprinted { await consumer.seek(partition, to: offset) }
                        break consuming
                    }
                }
                // Flushed per round so a reader of a pipe sees records as they come.
                fflush(nil)  // nil: every output stream (stdout is not concurrency-safe to name)
            }
        } catch {
            await consumer.close()
            printToStandardError("Processed a total of \(processed) messages")
            throw error
        }
        fflush(nil)  // nil: every output stream (stdout is not concurrency-safe to name)
        await consumer.close()
        printToStandardError("Processed a total of \(processed) messages")
    }
}

/// Set once a signal asks the command to stop; checked between polls.
private actor StopRequest {
    private(set) var requested = false
    func request() { requested = true }
}
