import KafkaClient
import KafkaModel
import KafkaRecords
import NIOCore
import Synchronization
import Testing

@Suite struct RecordAccumulatorTests {
    let orders0 = TopicPartition("orders", PartitionIndex(0))
    let orders1 = TopicPartition("orders", PartitionIndex(1))
    let start = ContinuousClock.now

    func value(_ size: Int) -> ByteBuffer { ByteBuffer(repeating: 0x61, count: size) }

    @Test func aBatchWaitsForLingerThenIsReady() {
        var accumulator = RecordAccumulator(batchSize: 16384, linger: .milliseconds(10), compression: .none)
        accumulator.append(to: orders0, key: nil, value: value(10), timestamp: 1, now: start, completion: nil)
        accumulator.append(to: orders0, key: nil, value: value(10), timestamp: 2, now: start + .milliseconds(4),
                           completion: nil)
        #expect(accumulator.drain(now: start + .milliseconds(9), flushing: false).isEmpty)
        #expect(accumulator.nextDeadline() == start + .milliseconds(10))
        let ready = accumulator.drain(now: start + .milliseconds(10), flushing: false)
        #expect(ready.count == 1)
        #expect(ready.first?.recordCount == 2)
        #expect(accumulator.isEmpty)
    }

    @Test func flushingMakesEveryBatchReadyAtOnce() {
        var accumulator = RecordAccumulator(batchSize: 16384, linger: .seconds(60), compression: .none)
        accumulator.append(to: orders0, key: nil, value: value(10), timestamp: 1, now: start, completion: nil)
        accumulator.append(to: orders1, key: nil, value: value(10), timestamp: 1, now: start, completion: nil)
        let ready = accumulator.drain(now: start, flushing: true)
        #expect(Set(ready.map(\.topicPartition)) == [orders0, orders1])
    }

    @Test func aFullBatchIsClosedAndReadyWithoutWaitingForLinger() {
        var accumulator = RecordAccumulator(batchSize: 1000, linger: .seconds(60), compression: .none)
        var closed = 0
        for _ in 0..<25 {
            if accumulator.append(to: orders0, key: nil, value: value(100), timestamp: 1, now: start, completion: nil) {
                closed += 1
            }
        }
        #expect(closed >= 2)
        let batches = accumulator.batches(for: orders0)
        #expect(batches.map(\.recordCount).reduce(0, +) == 25)
        for batch in batches.dropLast() {
            #expect(batch.isClosed)
            #expect(batch.uncompressedSize <= 1000)
        }
        // Only the first batch of a partition goes at once (ordering); the next drain takes the next.
        let first = accumulator.drain(now: start, flushing: false)
        #expect(first.count == 1)
        #expect(first[0].recordCount == batches[0].recordCount)
    }

    @Test func aRecordLargerThanTheBatchSizeGetsABatchOfItsOwn() {
        var accumulator = RecordAccumulator(batchSize: 100, linger: .seconds(60), compression: .none)
        accumulator.append(to: orders0, key: nil, value: value(10), timestamp: 1, now: start, completion: nil)
        let closed = accumulator.append(to: orders0, key: nil, value: value(500), timestamp: 1, now: start,
                                        completion: nil)
        #expect(closed)
        let batches = accumulator.batches(for: orders0)
        #expect(batches.map(\.recordCount) == [1, 1])
        #expect(batches.allSatisfy { $0.isClosed })
    }

    @Test func partitionsThatCannotSendAreSkippedAndDoNotSetTheDeadline() {
        var accumulator = RecordAccumulator(batchSize: 16384, linger: .milliseconds(5), compression: .none)
        accumulator.append(to: orders0, key: nil, value: value(10), timestamp: 1, now: start, completion: nil)
        accumulator.append(to: orders1, key: nil, value: value(10), timestamp: 1, now: start + .milliseconds(3),
                           completion: nil)
        let busy: (TopicPartition) -> Bool = { $0 != orders0 }
        #expect(accumulator.nextDeadline(canSend: busy) == start + .milliseconds(8))
        let ready = accumulator.drain(now: start + .milliseconds(20), flushing: false, canSend: busy)
        #expect(ready.map(\.topicPartition) == [orders1])
        #expect(accumulator.batches(for: orders0).count == 1)
    }

    @Test func aRequeuedBatchWaitsForItsBackoffAndGoesFirst() {
        var accumulator = RecordAccumulator(batchSize: 16384, linger: .zero, compression: .none)
        accumulator.append(to: orders0, key: nil, value: value(10), timestamp: 1, now: start, completion: nil)
        var failed = accumulator.drain(now: start, flushing: false)[0]
        accumulator.append(to: orders0, key: nil, value: value(20), timestamp: 2, now: start, completion: nil)
        failed.retryAt = start + .milliseconds(100)
        accumulator.requeue(failed)
        #expect(accumulator.drain(now: start + .milliseconds(50), flushing: true).isEmpty)
        #expect(accumulator.nextDeadline() == start + .milliseconds(100))
        let retried = accumulator.drain(now: start + .milliseconds(100), flushing: false)
        #expect(retried.count == 1)
        #expect(retried[0].retryAt == start + .milliseconds(100))
        #expect(retried[0].timestamps == [1])
        #expect(accumulator.drain(now: start + .milliseconds(100), flushing: false)[0].timestamps == [2])
    }

    @Test func completionsReceiveConsecutiveOffsetsAndTheRightTimestamps() throws {
        let outcomes = Mutex<[Int: RecordMetadata]>([:])
        var accumulator = RecordAccumulator(batchSize: 16384, linger: .zero, compression: .lz4)
        for index in 0..<3 {
            accumulator.append(to: orders0, key: nil, value: value(5), timestamp: 100 + Int64(index), now: start) {
                result in outcomes.withLock { $0[index] = try? result.get() }
            }
        }
        var batch = accumulator.drain(now: start, flushing: false)[0]
        let bytes = try batch.encode(producerID: 42, producerEpoch: 3, baseSequence: 17)
        let decoded = try RecordBatch(bytes)
        #expect(decoded.header.producerID == 42)
        #expect(decoded.header.producerEpoch == 3)
        #expect(decoded.header.baseSequence == 17)
        #expect(decoded.header.compression == .lz4)
        // A retry must resend the same bytes, whatever is asked.
        #expect(try batch.encode(producerID: 1, producerEpoch: 1, baseSequence: 99) == bytes)

        batch.complete(baseOffset: 500, logAppendTime: -1)
        let created = outcomes.withLock { $0 }
        #expect(created.mapValues(\.offset) == [0: 500, 1: 501, 2: 502])
        #expect(created.mapValues(\.timestamp) == [0: 100, 1: 101, 2: 102])

        outcomes.withLock { $0 = [:] }
        batch.complete(baseOffset: 7, logAppendTime: 9999)
        #expect(outcomes.withLock { $0 }.values.allSatisfy { $0.timestamp == 9999 })
    }

    @Test func failingABatchFailsEveryWaitingRecord() {
        let failures = Mutex(0)
        var accumulator = RecordAccumulator(batchSize: 16384, linger: .zero, compression: .none)
        for _ in 0..<4 {
            accumulator.append(to: orders0, key: nil, value: value(5), timestamp: 1, now: start) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
            }
        }
        accumulator.drain(now: start, flushing: false)[0].fail(KafkaClientError.timeout("test"))
        #expect(failures.withLock { $0 } == 4)
    }
}
