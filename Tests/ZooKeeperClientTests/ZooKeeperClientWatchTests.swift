import Testing
import TestSupport
import ZooKeeperClient

@Suite("ZooKeeper watches", .timeLimit(.minutes(2)))
struct ZooKeeperClientWatchTests {
    @Test func dataWatchFiresOnceOnChange() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        let writer = try await context.client()
        try await zk.create("/w", data: bytes("0"))
        let recorder = WatchRecorder()
        _ = try await zk.getData("/w", watcher: recorder.watcher)
        try await writer.setData("/w", data: bytes("1"))
        #expect(try await recorder.next() == ZooKeeperWatchEvent(kind: .dataChanged, path: "/w"))
        // One-shot: a second change is not reported; a fresh read re-arms it and the next deletion is reported.
        try await writer.setData("/w", data: bytes("2"))
        _ = try await zk.getData("/w", watcher: recorder.watcher)
        try await writer.delete("/w")
        #expect(try await recorder.next() == ZooKeeperWatchEvent(kind: .deleted, path: "/w"))
        await context.closeAll()
    }

    @Test func childWatchFiresOnNewChild() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        let writer = try await context.client()
        try await zk.create("/kids")
        let recorder = WatchRecorder()
        #expect(try await zk.getChildren("/kids", watcher: recorder.watcher) == [])
        try await writer.create("/kids/one")
        #expect(try await recorder.next() == ZooKeeperWatchEvent(kind: .childrenChanged, path: "/kids"))
        await context.closeAll()
    }

    @Test func existsWatchReportsCreationThenDeletion() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        let writer = try await context.client()
        let recorder = WatchRecorder()
        #expect(try await zk.exists("/later", watcher: recorder.watcher) == nil)
        try await writer.create("/later", mode: .ephemeral)
        #expect(try await recorder.next() == ZooKeeperWatchEvent(kind: .created, path: "/later"))
        #expect(try await zk.exists("/later", watcher: recorder.watcher) != nil)
        await writer.close()  // the ephemeral goes with its session
        #expect(try await recorder.next() == ZooKeeperWatchEvent(kind: .deleted, path: "/later"))
        await context.closeAll()
    }

    @Test func pendingWatchReportsSessionEndOnClose() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/quiet")
        let recorder = WatchRecorder()
        _ = try await zk.getData("/quiet", watcher: recorder.watcher)
        await zk.close()
        #expect(try await recorder.next() == ZooKeeperWatchEvent(kind: .sessionEnded(.closed), path: "/quiet"))
    }

    @Test func failedReadLeavesNoWatch() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        let recorder = WatchRecorder()
        #expect(await zooKeeperErrorCode { _ = try await zk.getData("/none", watcher: recorder.watcher) } == .noNode)
        try await zk.create("/none")
        try await zk.setData("/none", data: bytes("x"))
        await zk.close()
        // Had the watch been left installed, it would have reported the change or, at the latest, the close.
        let event = try? await recorder.next(within: .milliseconds(500))
        #expect(event == nil)
    }
}
