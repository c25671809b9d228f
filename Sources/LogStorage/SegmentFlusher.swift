import Dispatch

/// Where a rolled segment is fsynced: a serial queue per log directory, off the append path.
///
/// A roll used to fsync the sealed segment under the log's write lock — on a network event loop for an acks=0/1
/// produce, holding up every other append to the partition. As in Kafka (`scheduler.schedule("flush-log", …)` in
/// `Log.roll`), the roll now hands the flush here and returns; the recovery point moves only once the fsync
/// succeeded. One queue per directory, so a slow or failing disk delays only its own flushes.
final class SegmentFlusher: Sendable {
    private let queue: DispatchQueue

    init(directory: String) {
        queue = DispatchQueue(label: "tributary.flush \(directory)")
    }

    /// Runs `job` after the jobs submitted before it.
    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.async(execute: job)
    }

    /// Returns once every job submitted so far has run. Never call it from a job.
    func drain() {
        queue.sync {}
    }
}
