import KafkaClient
import Testing

/// Vectors from Kafka's `UtilsTest.testMurmur2` (the Java client's own test), plus values computed by
/// kafka-python's port for lengths that exercise every tail case.
@Suite struct Murmur2Tests {
    @Test(arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ])
    func matchesJavaUtilsTest(key: String, expected: Int32) {
        #expect(Murmur2.hash(Array(key.utf8)) == expected)
    }

    @Test(arguments: [
        ("", Int32(275_646_681)),
        ("a", -1_563_381_124),
        ("ab", 316_155_434),
        ("abcd", -1_323_649_548),
        ("key-42", -187_086_521),
        ("hello world", 1_221_641_059),
    ])
    func matchesKafkaPythonForEveryTailLength(key: String, expected: Int32) {
        #expect(Murmur2.hash(Array(key.utf8)) == expected)
    }

    @Test func hashesBinaryKeys() {
        #expect(Murmur2.hash((0..<37).map { UInt8($0) }) == 74_000_851)
    }

    @Test func toPositiveClearsTheSignBitOnly() {
        #expect(Murmur2.toPositive(-973_932_308) == -973_932_308 & 0x7fff_ffff)
        #expect(Murmur2.toPositive(Int32.min) == 0)
        #expect(Murmur2.toPositive(12345) == 12345)
    }

    @Test func partitionIsToPositiveOfHashModuloCount() {
        // -973932308 & 0x7fffffff = 1173551340, and 1173551340 % 7 = 3.
        #expect(Murmur2.partition(forKey: Array("21".utf8), partitionCount: 7) == 3)
        #expect(Murmur2.partition(forKey: Array("key-42".utf8), partitionCount: 7) == 3)
        #expect(Murmur2.partition(forKey: Array("hello world".utf8), partitionCount: 7) == 2)
        #expect(Murmur2.partition(forKey: Array("a".utf8), partitionCount: 1) == 0)
    }
}
