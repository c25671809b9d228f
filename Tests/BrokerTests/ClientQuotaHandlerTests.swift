@testable import Broker
import KafkaProtocol
import NIOConcurrencyHelpers
import NIOEmbedded
import Testing

/// DescribeClientQuotas and AlterClientQuotas over an in-memory store of the quota znodes.
@Suite struct ClientQuotaHandlerTests {
    /// The znodes as a dictionary: path under /config → config.
    final class MemoryQuotaStore: ClientQuotaStore {
        let configs = NIOLockedValueBox<[String: [String: String]]>([:])
        func quotaConfigs() async throws -> [String: [String: String]] { configs.withLockedValue { $0 } }
        func quotaConfig(_ path: String) async throws -> [String: String] {
            configs.withLockedValue { $0[path] ?? [:] }
        }
        func setQuotaConfig(_ path: String, _ config: [String: String]) async throws {
            configs.withLockedValue { $0[path] = config }
        }
    }

    private func context(_ api: ApiKey) -> RequestContext {
        RequestContext(header: RequestHeader(apiKey: api, apiVersion: 1, correlationID: 1, clientID: "t"), peer: "p",
                       eventLoop: EmbeddedEventLoop())
    }

    private func alter(_ store: MemoryQuotaStore, _ entity: [(String, String?)], _ ops: [(String, Double?)])
        async -> AlterClientQuotasResponse.EntryData?
    {
        let request = AlterClientQuotasRequest(entries: [.init(
            entity: entity.map { .init(entityType: $0.0, entityName: $0.1) },
            ops: ops.map { .init(key: $0.0, value: $0.1 ?? 0, remove: $0.1 == nil) })], validateOnly: false)
        return await AlterClientQuotasHandler(store: store).handle(request, context: context(.alterClientQuotas))?
            .entries.first
    }

    @Test func alterWritesKafkasZNodesAndRefusesWhatKafkaRefuses() async {
        let store = MemoryQuotaStore()
        let none = KafkaErrorCode.none  // not Optional.none
        #expect(await alter(store, [("client-id", "app/1")], [("producer_byte_rate", 1_048_576)])?.errorCode == none)
        #expect(await alter(store, [("user", "ANONYMOUS"), ("client-id", nil)], [("request_percentage", 12.5)])?
            .errorCode == none)
        #expect(store.configs.withLockedValue { $0 } == [
            "clients/app%2F1": ["producer_byte_rate": "1048576"],
            "users/ANONYMOUS/clients/<default>": ["request_percentage": "12.5"],
        ])
        #expect(await alter(store, [("client-id", "app/1")], [("producer_byte_rate", nil)])?.errorCode == none)
        #expect(store.configs.withLockedValue { $0["clients/app%2F1"] } == [:])

        let refusals: [([(String, String?)], [(String, Double?)])] = [
            ([("client-id", "c")], [("producer_byte_rate", 1.5)]),
            ([("client-id", "c")], [("consumer_byte_rate", -1)]),
            ([("client-id", "c")], [("request_percentage", .nan)]),
            ([("client-id", "c")], [("bogus_rate", 1)]),
            ([("ip", "10.0.0.1")], [("producer_byte_rate", 1)]),
            ([("user", "a"), ("user", "b")], [("producer_byte_rate", 1)]),
            ([("client-id", "")], [("producer_byte_rate", 1)]),
            ([], [("producer_byte_rate", 1)]),
        ]
        for (entity, ops) in refusals {
            #expect(await alter(store, entity, ops)?.errorCode == .invalidRequest, "\(entity) \(ops)")
        }
    }

    @Test func describeMatchesExactDefaultAndAnyNamedEntities() async throws {
        let store = MemoryQuotaStore()
        store.configs.withLockedValue {
            $0 = ["clients/a": ["producer_byte_rate": "100"], "clients/<default>": ["producer_byte_rate": "50"],
                  "users/u/clients/a": ["consumer_byte_rate": "7"], "users/u": [:]]
        }
        func describe(_ components: [(String, Int8, String?)], strict: Bool) async throws -> [[String?]] {
            let request = DescribeClientQuotasRequest(
                components: components.map { .init(entityType: $0.0, matchType: $0.1, match: $0.2) }, strict: strict)
            let response = try #require(await DescribeClientQuotasHandler(store: store)
                .handle(request, context: context(.describeClientQuotas)))
            #expect(response.errorCode == .none)
            return (response.entries ?? []).map { $0.entity.flatMap { [$0.entityType, $0.entityName] } }
        }
        #expect(try await describe([("client-id", 0, "a")], strict: true) == [["client-id", "a"]])
        #expect(try await describe([("client-id", 0, "a")], strict: false)
            == [["client-id", "a"], ["user", "u", "client-id", "a"]])
        #expect(try await describe([("client-id", 1, nil)], strict: true) == [["client-id", nil]])
        #expect(try await describe([("client-id", 2, nil)], strict: true) == [["client-id", "a"]])
        #expect(try await describe([], strict: false).count == 3, "every entity with a quota; users/u has none")
    }
}
