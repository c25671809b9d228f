import Testing
import TestSupport
import ZooKeeperClient

@Suite("ZooKeeper multi", .timeLimit(.minutes(2)))
struct ZooKeeperClientMultiTests {
    @Test func multiReturnsPerOperationResults() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/m", data: bytes("0"))
        try await zk.create("/gone")
        let results = try await zk.multi([
            .check(path: "/m", version: 0),
            .create(path: "/m/seq_", data: bytes("s"), mode: .persistentSequential),
            .setData(path: "/m", data: bytes("1"), version: 0),
            .delete(path: "/gone", version: -1),
        ])
        #expect(results.count == 4)
        #expect(results[0] == .checked)
        #expect(results[1] == .created(path: "/m/seq_0000000000"))
        guard case .dataSet(let stat) = results[2] else {
            Issue.record("expected a stat, got \(results[2])")
            return
        }
        #expect(stat.version == 1)
        #expect(results[3] == .deleted)
        #expect(try await zk.exists("/gone") == nil)
        await context.closeAll()
    }

    @Test func failedMultiAppliesNothingAndNamesTheFailingOperation() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/a", data: bytes("a"))
        do {
            _ = try await zk.multi([
                .create(path: "/new", data: nil, mode: .persistent),
                .setData(path: "/a", data: bytes("changed"), version: 0),
                .check(path: "/a", version: 7),
            ])
            Issue.record("multi with a failing check succeeded")
        } catch let error as ZooKeeperError {
            #expect(error.code == .badVersion)
            #expect(error.failedOperationIndex == 2)
            #expect(error.path == "/a")
            #expect(error.operation == "multi")
        }
        #expect(try await zk.exists("/new") == nil)
        #expect(try await zk.getData("/a").data == bytes("a"))
        await context.closeAll()
    }

    @Test func multiCreatingAnExistingNodeFailsWithNodeExists() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/x")
        do {
            _ = try await zk.multi([.create(path: "/y", data: nil, mode: .persistent),
                                    .create(path: "/x", data: nil, mode: .persistent)])
            Issue.record("multi succeeded")
        } catch let error as ZooKeeperError {
            #expect(error.code == .nodeExists)
            #expect(error.failedOperationIndex == 1)
        }
        #expect(try await zk.exists("/y") == nil)
        await context.closeAll()
    }
}
