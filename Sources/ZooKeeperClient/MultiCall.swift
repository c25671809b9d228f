import CZooKeeper
import Foundation

/// The C memory of one `zoo_amulti` request and its continuation.
///
/// The library reads the operation array during `zoo_amulti` but writes the results, the created paths and the
/// stats of `setData` operations when the answer arrives, so all of it lives here until the completion ran.
/// Retained by `ZooKeeperClient.multi` before the C call, released by `multiCompletion` (which runs on the
/// completion thread exactly once) or, when submission fails, by `multi` itself.
final class MultiCall: @unchecked Sendable {
    // Safe: the C buffers are written by the library only between submission and completion, and read only
    // in the completion; the continuation is resumed exactly once.
    let operations: [ZooKeeperOperation]
    let cOperations: UnsafeMutablePointer<zoo_op_t>
    let results: UnsafeMutablePointer<zoo_op_result_t>
    private var allocations: [UnsafeMutableRawPointer] = []
    private var stats: [Int: UnsafeMutablePointer<Stat>] = [:]
    private var createdPaths: [Int: UnsafeMutablePointer<CChar>] = [:]
    var continuation: CheckedContinuation<[ZooKeeperOperationResult], any Error>?

    init(_ operations: [ZooKeeperOperation], acl: ZooKeeperACL.Policy) {
        self.operations = operations
        cOperations = .allocate(capacity: max(operations.count, 1))
        results = .allocate(capacity: max(operations.count, 1))
        results.initialize(repeating: zoo_op_result_t(), count: max(operations.count, 1))
        for (index, operation) in operations.enumerated() {
            let op = cOperations + index
            switch operation {
            case .check(let path, let version):
                zoo_check_op_init(op, copy(path), version)
            case .create(let path, let data, let mode):
                let capacity = path.utf8.count + 64  // room for the sequence suffix
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
                buffer.initialize(repeating: 0, count: capacity)
                allocations.append(UnsafeMutableRawPointer(buffer))
                createdPaths[index] = buffer
                let bytes = data.map { copy($0) }
                zoo_create_op_init(op, copy(path), bytes, data.map { Int32($0.count) } ?? -1, acl(path).vector,
                                   mode.cFlags, buffer, Int32(capacity))
            case .setData(let path, let data, let version):
                let stat = UnsafeMutablePointer<Stat>.allocate(capacity: 1)
                stat.initialize(to: Stat())
                allocations.append(UnsafeMutableRawPointer(stat))
                stats[index] = stat
                zoo_set_op_init(op, copy(path), copy(data), Int32(data.count), version, stat)
            case .delete(let path, let version):
                zoo_delete_op_init(op, copy(path), version)
            }
        }
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
        cOperations.deallocate()
        results.deallocate()
    }

    private func copy(_ string: String) -> UnsafePointer<CChar> {
        let pointer = strdup(string)!
        allocations.append(UnsafeMutableRawPointer(pointer))
        return UnsafePointer(pointer)
    }

    private func copy(_ bytes: [UInt8]) -> UnsafePointer<CChar> {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(pointer), byteCount: $0.count) }
        allocations.append(pointer)
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }

    /// Turns the completion's code and the per-operation results into the answer.
    func finish(_ rc: Int32) {
        guard let continuation else { return }
        self.continuation = nil
        guard rc == ZOK.rawValue else {
            // The failing operation carries the real code; those after it report RUNTIMEINCONSISTENCY.
            let codes = (0..<operations.count).map { results[$0].err }
            let failed = codes.firstIndex { $0 != ZOK.rawValue && $0 != ZRUNTIMEINCONSISTENCY.rawValue }
                ?? codes.firstIndex { $0 != ZOK.rawValue }
            let code = ZooKeeperErrorCode(cCode: failed.map { codes[$0] } ?? rc) ?? ZooKeeperErrorCode(cCode: rc)
            continuation.resume(throwing: ZooKeeperError(
                code: code ?? .systemError, operation: "multi", path: failed.map { operations[$0].path },
                failedOperationIndex: failed))
            return
        }
        let answers: [ZooKeeperOperationResult] = operations.indices.map { index in
            switch operations[index] {
            case .check: .checked
            case .create(let path, _, _): .created(path: createdPaths[index].map { String(cString: $0) } ?? path)
            case .setData: .dataSet(ZooKeeperStat(stats[index]!.pointee))
            case .delete: .deleted
            }
        }
        continuation.resume(returning: answers)
    }
}

/// Completion of `zoo_amulti`; see `MultiCall` for who retains the context.
func multiCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    Unmanaged<MultiCall>.fromOpaque(context!).takeRetainedValue().finish(rc)
}
