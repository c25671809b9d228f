@testable import Broker
import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

/// Client quota accounting, driven with a manual clock (milliseconds passed in).
@Suite struct ClientQuotaTests {
    @Test func rateIsMeasuredOverTheTimeItsSamplesCover() {
        var rate = QuotaRate(windowCount: 11, windowMs: 1000)
        rate.record(500, nowMs: 0)
        // Never less than one window: 500 bytes in the first millisecond measure 500 B/s.
        #expect(rate.measure(nowMs: 0) == 500)
        #expect(rate.throttleTimeMs(quota: 1000, nowMs: 0) == 0)
        rate.record(2000, nowMs: 1500)
        rate.record(2000, nowMs: 2000)
        // 4500 bytes over 2 s: 2250 B/s; Kafka's (rate - quota) / quota × window = 2500 ms.
        #expect(rate.windowSize(nowMs: 2000) == 2000)
        #expect(rate.throttleTimeMs(quota: 1000, nowMs: 2000) == 2500)
    }

    @Test func samplesOlderThanEveryWindowStopCounting() {
        var rate = QuotaRate(windowCount: 11, windowMs: 1000)
        rate.record(50_000, nowMs: 0)
        #expect(rate.throttleTimeMs(quota: 1000, nowMs: 5000) == 45_000)
        rate.record(10, nowMs: 10_500)
        // The first sample expired after 11 windows: 10 bytes over one window.
        #expect(rate.measure(nowMs: 11_000) == 10)
        #expect(rate.throttleTimeMs(quota: 1000, nowMs: 11_000) == 0)
    }

    /// A client that sends 64 KiB requests as fast as it may and waits out each throttle time holds its quota
    /// within 5 %, over its first ten seconds as over the last forty of a minute.
    @Test func aClientThatWaitsOutItsThrottleHoldsItsQuota() {
        let manager = ClientQuotaManager()
        let quota = 1_048_576.0
        manager.setQuotas([ClientQuotaEntity(clientID: .name("bulk")): [.produce: quota]])
        var now: Int64 = 0, sentFirst10s = 0.0, sentAfter20s = 0.0
        while now < 60_000 {
            let throttle = manager.record(.produce, user: "ANONYMOUS", clientID: "bulk", value: 65_536, nowMs: now)
            if now < 10_000 { sentFirst10s += 65_536 }
            if now >= 20_000 { sentAfter20s += 65_536 }
            now += max(throttle, 5)  // 5 ms: the time a request takes on the wire
        }
        for rate in [sentFirst10s / 10, sentAfter20s / 40] {
            #expect(abs(rate - quota) / quota < 0.05, "measured \(rate) B/s")
        }
    }

    @Test func quotaResolutionFollowsKafkasOrder() {
        let manager = ClientQuotaManager()
        manager.setQuotas([
            ClientQuotaEntity(clientID: .defaultEntity): [.produce: 100, .fetch: 1],
            ClientQuotaEntity(clientID: .name("c1")): [.produce: 200],
            ClientQuotaEntity(user: .defaultEntity): [.produce: 300],
            ClientQuotaEntity(user: .name("alice"), clientID: .name("c1")): [.produce: 400],
        ])
        #expect(manager.quota(.produce, user: "alice", clientID: "c1") == 400, "user and client id first")
        #expect(manager.quota(.produce, user: "alice", clientID: "c2") == 300, "then any user default")
        #expect(manager.quota(.fetch, user: "alice", clientID: "c2") == 1, "client quotas last")
        #expect(manager.quota(.request, user: "alice", clientID: "c2") == nil)
    }

    @Test func defaultEntitiesAreMeasuredPerClientAndNamedOnesShared() {
        let manager = ClientQuotaManager()
        manager.setQuotas([ClientQuotaEntity(clientID: .defaultEntity): [.produce: 1000]])
        #expect(manager.record(.produce, user: "ANONYMOUS", clientID: "a", value: 1_500, nowMs: 0) > 0)
        #expect(manager.record(.produce, user: "ANONYMOUS", clientID: "b", value: 900, nowMs: 0) == 0,
                "b has a default quota of its own")

        // A user's quota (no client part) is shared by all that user's client ids.
        manager.setQuotas([ClientQuotaEntity(user: .name("ANONYMOUS")): [.produce: 1000]])
        #expect(manager.record(.produce, user: "ANONYMOUS", clientID: "x", value: 600, nowMs: 0) == 0)
        #expect(manager.record(.produce, user: "ANONYMOUS", clientID: "y", value: 600, nowMs: 0) > 0)
    }

    @Test func hostileZNodeValuesAreSkippedAndNamed() {
        let (quotas, problems) = ClientQuotaManager.parse([
            "clients/good": ["producer_byte_rate": "1048576", "consumer_byte_rate": "-1"],
            "users/<default>/clients/c%2F1": ["request_percentage": "nan", "unrelated": "x"],
            "topics/orders": ["producer_byte_rate": "1"],
        ])
        #expect(quotas == [ClientQuotaEntity(clientID: .name("good")): [.produce: 1_048_576]])
        #expect(problems.count == 3)
    }

    @Test func entityPathsAreSanitizedAsKafkaDoes() {
        let entity = ClientQuotaEntity(user: .name("CN=a b,O=x*"), clientID: .name("app/1"))
        #expect(entity.configPath == "users/CN%3Da%20b%2CO%3Dx%2A/clients/app%2F1")
        #expect(ClientQuotaEntity(configPath: entity.configPath!) == entity)
        #expect(ClientQuotaEntity(configPath: "users/<default>/clients/<default>")
            == ClientQuotaEntity(user: .defaultEntity, clientID: .defaultEntity))
        #expect(ClientQuotaEntity(configPath: "clients/%ZZ") == nil, "a malformed escape is refused")
        #expect(ClientQuotaEntity(configPath: "users/a/topics/b") == nil)
    }

    @Test func throttleTimeIsWrittenWhereEachResponseCarriesIt() throws {
        for version: Int16 in [3, 8, 9] {
            var frame = ByteBufferAllocator().buffer(capacity: 64)
            frame.writeKafkaFrame {
                $0.writeKafkaResponse(ProduceResponse(responses: [], throttleTimeMs: 0), version: version,
                                      correlationID: 7)
            }
            ThrottleTimeField.raise(in: &frame, api: .produce, version: version, to: 1234)
            let content = frame.getSlice(at: 4, length: frame.readableBytes - 4)!
            let (header, response) = try ProduceResponse.decodeFrame(content, version: version)
            #expect(header.correlationID == 7)
            #expect(response.throttleTimeMs == 1234, "Produce v\(version)")
        }
        for version: Int16 in [0, 4] {
            var frame = ByteBufferAllocator().buffer(capacity: 64)
            frame.writeKafkaFrame {
                $0.writeKafkaResponse(DescribeConfigsResponse(throttleTimeMs: 5, results: []), version: version,
                                      correlationID: 9)
            }
            ThrottleTimeField.raise(in: &frame, api: .describeConfigs, version: version, to: 250)
            let (_, response) = try DescribeConfigsResponse.decodeFrame(
                frame.getSlice(at: 4, length: frame.readableBytes - 4)!, version: version)
            #expect(response.throttleTimeMs == 250, "DescribeConfigs v\(version)")
        }
    }
}
