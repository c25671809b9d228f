import Testing
import TestSupport
import ZooKeeperClient

@Suite("ZooKeeper client operations", .timeLimit(.minutes(2)))
struct ZooKeeperClientOperationTests {
    @Test func createThenGetDataReturnsBytesAndStat() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        let created = try await zk.create("/node", data: bytes("hello"))
        #expect(created == "/node")
        let node = try await zk.getData("/node")
        #expect(node.data == bytes("hello"))
        #expect(node.stat.version == 0)
        #expect(node.stat.dataLength == 5)
        #expect(node.stat.czxid > 0)
        #expect(node.stat.ephemeralOwner == 0)
        await context.closeAll()
    }

    @Test func nullDataReadsAsEmpty() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/empty")
        #expect(try await zk.getData("/empty").data == [])
        await context.closeAll()
    }

    @Test func setDataHonoursExpectedVersion() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/v", data: bytes("0"))
        let stat = try await zk.setData("/v", data: bytes("1"), expectedVersion: 0)
        #expect(stat.version == 1)
        let conflict = await zooKeeperErrorCode { try await zk.setData("/v", data: bytes("2"), expectedVersion: 0) }
        #expect(conflict == .badVersion)
        let any = try await zk.setData("/v", data: bytes("3"), expectedVersion: -1)
        #expect(any.version == 2)
        #expect(try await zk.getData("/v").data == bytes("3"))
        await context.closeAll()
    }

    @Test func errorsNameCodeOperationAndPath() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/dup")
        do {
            try await zk.create("/dup")
            Issue.record("second create succeeded")
        } catch let error as ZooKeeperError {
            #expect(error.code == .nodeExists)
            #expect(error.operation == "create")
            #expect(error.path == "/dup")
            #expect(error.description.contains("/dup"))
        }
        #expect(await zooKeeperErrorCode { _ = try await zk.getData("/missing") } == .noNode)
        #expect(await zooKeeperErrorCode { try await zk.delete("/missing") } == .noNode)
        #expect(await zooKeeperErrorCode { try await zk.setData("/missing", data: []) } == .noNode)
        #expect(await zooKeeperErrorCode { try await zk.create("/no/parent") } == .noNode)
        await context.closeAll()
    }

    @Test func deleteHonoursExpectedVersion() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/d", data: bytes("x"))
        try await zk.setData("/d", data: bytes("y"))
        #expect(await zooKeeperErrorCode { try await zk.delete("/d", expectedVersion: 0) } == .badVersion)
        try await zk.delete("/d", expectedVersion: 1)
        #expect(try await zk.exists("/d") == nil)
        await context.closeAll()
    }

    @Test func childrenAndExists() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.createRecursively("/parent/a")
        try await zk.create("/parent/b")
        #expect(try await zk.getChildren("/parent").sorted() == ["a", "b"])
        #expect(try await zk.exists("/parent")?.numChildren == 2)
        #expect(try await zk.exists("/parent/c") == nil)
        #expect(await zooKeeperErrorCode { try await zk.delete("/parent") } == .notEmpty)
        try await zk.deleteRecursively("/parent")
        #expect(try await zk.exists("/parent") == nil)
        await context.closeAll()
    }

    @Test func sequentialNodesGetTenDigitSuffixes() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/seq")
        let first = try await zk.create("/seq/item_", data: bytes("a"), mode: .persistentSequential)
        let second = try await zk.create("/seq/item_", data: bytes("b"), mode: .persistentSequential)
        #expect(first == "/seq/item_0000000000")
        #expect(second == "/seq/item_0000000001")
        await context.closeAll()
    }

    @Test func ephemeralNodeVanishesWhenItsSessionCloses() async throws {
        let context = try await ZooKeeperTestContext()
        let owner = try await context.client()
        let observer = try await context.client()
        try await owner.create("/eph", data: bytes("me"), mode: .ephemeral)
        let stat = try #require(try await observer.exists("/eph"))
        #expect(stat.ephemeralOwner == owner.sessionID)
        #expect(stat.isEphemeral)
        #expect(await zooKeeperErrorCode { try await owner.create("/eph/child") } == .noChildrenForEphemerals)
        await owner.close()
        #expect(try await observer.exists("/eph") == nil)  // a clean close deletes ephemerals at once
        await context.closeAll()
    }

    @Test func operationsAfterCloseFailWithClosing() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        await zk.close()
        #expect(zk.sessionState == .closed)
        #expect(await zooKeeperErrorCode { _ = try await zk.exists("/") } == .closing)
        #expect(await zooKeeperErrorCode { _ = try await zk.multi([.check(path: "/", version: -1)]) } == .closing)
    }

    @Test func manyConcurrentOperationsAllComplete() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        try await zk.create("/many")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { try await zk.create("/many/n\(index)", data: bytes(String(index))) }
            }
            try await group.waitForAll()
        }
        #expect(try await zk.getChildren("/many").count == 200)
        #expect(try await zk.getData("/many/n137").data == bytes("137"))
        await context.closeAll()
    }
}
