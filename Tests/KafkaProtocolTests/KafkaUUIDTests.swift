import KafkaProtocol
import Testing

/// Topic ids travel as 16 bytes on the wire and as Kafka's base64 text in ZooKeeper and `partition.metadata`.
@Suite struct KafkaUUIDTests {
    @Test func base64IsKafkasUrlSafeUnpaddedForm() {
        #expect(KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 1).base64 == "AAAAAAAAAAAAAAAAAAAAAQ")
        #expect(KafkaUUID(mostSignificantBits: .max, leastSignificantBits: .max).base64 == "_____________________w")
        let id = KafkaUUID(mostSignificantBits: 0xAB54_A1FB_DFC8_4A26, leastSignificantBits: 0xBFCF_0188_3734_6FC9)
        #expect(id.base64 == "q1Sh-9_ISia_zwGINzRvyQ")
        #expect(KafkaUUID(base64: "q1Sh-9_ISia_zwGINzRvyQ") == id)
    }

    @Test func randomIdsRoundTripAndMalformedTextIsRefused() {
        for _ in 0..<100 {
            let id = KafkaUUID.random()
            #expect(KafkaUUID(base64: id.base64) == id)
        }
        #expect(KafkaUUID(base64: "too short") == nil)
        #expect(KafkaUUID(base64: "q1Sh-9_ISia_zwGINzRvy+") == nil, "not URL-safe")
        #expect(KafkaUUID(base64: "q1Sh-9_ISia_zwGINzRvyR") == nil, "bits past the 16 bytes")
    }
}
