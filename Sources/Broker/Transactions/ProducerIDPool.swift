import NIOConcurrencyHelpers
import TransactionCoordinator

/// Producer ids for this broker, taken a block at a time from the cluster-wide counter
/// (`/latest_producer_id_block`), for idempotent producers and the transaction coordinator alike.
final class ProducerIDPool: ProducerIDSource {
    private let store: any TopicStore
    private let block = NIOLockedValueBox<(next: Int64, end: Int64)>((0, -1))

    init(store: any TopicStore) {
        self.store = store
    }

    func nextProducerID() async throws -> Int64 {
        while true {
            let id = block.withLockedValue { block -> Int64? in
                guard block.next <= block.end else { return nil }
                defer { block.next += 1 }
                return block.next
            }
            if let id { return id }
            let fresh = try await store.allocateProducerIDBlock()
            block.withLockedValue { block in
                if block.next > block.end { block = (fresh.lowerBound, fresh.upperBound) }
            }
        }
    }
}
