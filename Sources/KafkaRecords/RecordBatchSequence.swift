import NIOCore

/// The batches of a buffer that holds several back to back: a Fetch response's records, a log segment, or a
/// Produce request's records.
///
/// Each step yields a complete batch, or ends the sequence with one of two distinct outcomes:
/// - `.partial`: the last batch is cut short. Normal at the end of a fetch response (the broker sends whole
///   log chunks up to the size limit) and at a torn log tail after a crash.
/// - `.corrupt`: the bytes are damaged (length too small, magic not 2, CRC mismatch); nothing after it can be
///   trusted.
public struct RecordBatchSequence: Sequence, IteratorProtocol, Sendable {
    public enum Entry: Hashable, Sendable {
        case batch(RecordBatch)
        /// An incomplete batch at `position` (relative to the first readable byte): `available` bytes are
        /// there, at least `needed` would be.
        case partial(position: Int, available: Int, needed: Int)
        /// A damaged batch at `position`.
        case corrupt(RecordBatchError, position: Int)
    }

    private let buffer: ByteBuffer
    private let verifyingChecksums: Bool
    private var index: Int
    private var finished = false

    /// - Parameter verifyingChecksums: false skips the CRC-32C of each batch (for bytes already checked).
    public init(_ buffer: ByteBuffer, verifyingChecksums: Bool = true) {
        self.buffer = buffer
        self.verifyingChecksums = verifyingChecksums
        self.index = buffer.readerIndex
    }

    /// Bytes of complete batches yielded so far: where a log's valid prefix ends.
    public var validBytes: Int { index - buffer.readerIndex }

    public mutating func next() -> Entry? {
        guard !finished, index < buffer.writerIndex else { return nil }
        let position = index - buffer.readerIndex
        switch RecordBatch.frame(buffer, at: index, verifyingChecksum: verifyingChecksums) {
        case .complete(let header):
            let bytes = buffer.getSlice(at: index, length: header.totalSize)!
            index += header.totalSize
            return .batch(RecordBatch(header: header, bytes: bytes))
        case .partial(let needed):
            finished = true
            return .partial(position: position, available: buffer.writerIndex - index, needed: needed)
        case .corrupt(let error):
            finished = true
            return .corrupt(error, position: position)
        }
    }
}
