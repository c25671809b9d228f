import Glibc
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOCore

/// A Fetch answer before encoding: the response without record bytes, and per topic and partition the file
/// ranges holding that partition's records.
struct FetchAnswer: Sendable {
    var response: FetchResponse
    /// `slices[t][p]` are the records of `response.responses[t].partitions[p]`, in log order.
    var slices: [[[FileSlice]]]

    /// The response with the record bytes copied in (the fallback path, and the `KafkaAPIHandler` answer).
    func materialized() throws -> FetchResponse {
        var response = self.response
        for t in response.responses.indices {
            for p in response.responses[t].partitions.indices where !slices[t][p].isEmpty {
                let length = slices[t][p].reduce(0) { $0 + $1.length }
                var buffer = ByteBufferAllocator().buffer(capacity: length)
                for slice in slices[t][p] { try slice.read(into: &buffer) }
                response.responses[t].partitions[p].records = buffer
            }
        }
        return response
    }
}

extension FetchAnswer {
    /// The answer for a Fetch before v4, whose consumers read only message sets of magic `magic` (0 or 1): each
    /// partition's stored batches read and down-converted from its `fetchOffsets[t][p]`, as Kafka does on that
    /// path (no zero-copy there). A partition whose batches cannot be converted answers an error instead:
    /// UNSUPPORTED_COMPRESSION_TYPE for zstd (which Fetch before v10 predates), CORRUPT_MESSAGE for damaged bytes,
    /// KAFKA_STORAGE_ERROR (as the old versions understand it) when the segment cannot be read.
    func downConverted(toMagic magic: Int8, fetchOffsets: [[Int64]], version: Int16) -> FetchAnswer {
        var converted = self
        for t in slices.indices {
            for p in slices[t].indices where !slices[t][p].isEmpty {
                converted.slices[t][p] = []
                var stored = ByteBufferAllocator().buffer(capacity: slices[t][p].reduce(0) { $0 + $1.length })
                do {
                    for slice in slices[t][p] { try slice.read(into: &stored) }
                    converted.response.responses[t].partitions[p].records = try LegacyMessageSet.downConvert(
                        stored, toMagic: magic, firstOffset: fetchOffsets[t][p])
                } catch let error as RecordBatchError {
                    converted.response.responses[t].partitions[p].errorCode =
                        error.kafkaErrorCode == KafkaErrorCode.unsupportedCompressionType.rawValue
                        ? .unsupportedCompressionType : .corruptMessage
                } catch {
                    converted.response.responses[t].partitions[p].errorCode =
                        KafkaErrorCode.kafkaStorageError.understood(byFetchVersion: version)
                }
            }
        }
        return converted
    }
}

/// Writes a Fetch response frame (versions 4–12) as parts, so record bytes go from the segment files to the
/// socket with sendfile instead of through a buffer.
///
/// Wire layout: the frame is the size prefix, the response header and the body the generated encoder would
/// write. Each partition is written by the generated `PartitionData` encoder with null records, whose trailer
/// — the null length (int32 -1, or compact 0 from v12) and, from v12, the empty tagged-field count — is cut
/// off and replaced by the real length, the file regions, and the tagged-field count again. That holds
/// because the handler never sets the partition's tagged fields (diverging epoch, current leader, snapshot).
enum FetchResponseParts {
    static func outcome(_ answer: FetchAnswer, version: Int16, correlationID: Int32,
                        allocator: ByteBufferAllocator) -> RequestOutcome {
        // Before v4 the records were down-converted into the response itself: nothing is sent from the files.
        if version < 4 { return fallback(answer, version, correlationID, allocator) }
        let flexible = version >= 12
        let response = answer.response
        var parts: [IOData] = []
        let owner = FileHandleOwner()
        var current = allocator.buffer(capacity: 256)
        current.writeKafkaInteger(Int32(0))  // the size prefix, set at the end
        ResponseHeader(correlationID: correlationID)
            .write(into: &current, headerVersion: ApiKey.fetch.responseHeaderVersion(for: version))
        current.writeKafkaInteger(response.throttleTimeMs)
        if version >= 7 {
            current.writeKafkaInteger(response.errorCode.rawValue)
            current.writeKafkaInteger(response.sessionID)
        }
        writeArrayLength(response.responses.count, compact: flexible, into: &current)
        for (t, topic) in response.responses.enumerated() {
            current.writeKafkaString(topic.topic.rawValue, compact: flexible)
            writeArrayLength(topic.partitions.count, compact: flexible, into: &current)
            for (p, partition) in topic.partitions.enumerated() {
                var withoutRecords = partition
                withoutRecords.records = nil
                withoutRecords.write(into: &current, version: version)
                current.moveWriterIndex(to: current.writerIndex - (flexible ? 2 : 4))
                let slices = answer.slices[t][p]
                let length = slices.reduce(0) { $0 + $1.length }
                // Checked, not trapping: a length no frame can carry ends this connection, not the broker.
                guard let wireLength = Int32(exactly: length), wireLength < Int32.max else {
                    return .close(reason: "fetch: \(length) record bytes for one partition do not fit a frame")
                }
                if flexible {
                    current.writeUnsignedVarint(UInt32(wireLength) + 1)
                } else {
                    current.writeKafkaInteger(wireLength)
                }
                if !slices.isEmpty {
                    parts.append(.byteBuffer(current))
                    current = allocator.buffer(capacity: 128)
                    for slice in slices {
                        let descriptor = dup(slice.file.fileDescriptor)
                        guard descriptor >= 0 else { return fallback(answer, version, correlationID, allocator) }
                        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
                        owner.handles.append(handle)
                        parts.append(.fileRegion(FileRegion(fileHandle: handle, readerIndex: Int(slice.position),
                                                            endIndex: Int(slice.position) + slice.length)))
                    }
                }
                if flexible { current.writeEmptyTaggedFields() }
            }
            if flexible { current.writeEmptyTaggedFields() }
        }
        if flexible { current.writeEmptyTaggedFields() }
        parts.append(.byteBuffer(current))
        let total = parts.reduce(0) { $0 + $1.readableBytes }
        guard let frameSize = Int32(exactly: total - 4) else {
            return .close(reason: "fetch: a \(total)-byte response does not fit a frame")
        }
        guard case .byteBuffer(var first) = parts[0] else { return fallback(answer, version, correlationID, allocator) }
        first.setInteger(frameSize, at: first.readerIndex)
        parts[0] = .byteBuffer(first)
        return .respondParts(parts, keepAlive: owner.handles.isEmpty ? nil : owner)
    }

    /// The copying path: the whole response in one buffer.
    static func fallback(_ answer: FetchAnswer, _ version: Int16, _ correlationID: Int32,
                         _ allocator: ByteBufferAllocator) -> RequestOutcome {
        guard let response = try? answer.materialized() else {
            return .close(reason: "fetch: segment file could not be read")
        }
        var buffer = allocator.buffer(capacity: 512)
        buffer.writeKafkaFrame { $0.writeKafkaResponse(response, version: version, correlationID: correlationID) }
        return .respond(buffer)
    }

    /// Counts come from the request's own arrays, which a frame of at most `socket.request.max.bytes` bounds far
    /// below Int32.max.
    private static func writeArrayLength(_ count: Int, compact: Bool, into buffer: inout ByteBuffer) {
        if compact {
            buffer.writeUnsignedVarint(UInt32(truncatingIfNeeded: count + 1))
        } else {
            buffer.writeKafkaInteger(Int32(truncatingIfNeeded: count))
        }
    }
}

/// The duplicated descriptors of one response's file regions, closed once the response was written (the
/// connection handler holds this until the write completes).
/// `@unchecked Sendable`: the handles are only closed in `deinit`, when no one else can hold them.
private final class FileHandleOwner: @unchecked Sendable {
    var handles: [NIOFileHandle] = []
    deinit { for handle in handles { try? handle.close() } }
}

