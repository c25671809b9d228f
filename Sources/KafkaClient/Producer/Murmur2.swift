/// The 32-bit murmur2 hash exactly as Kafka's Java client computes it (`Utils.murmur2`, seed 0x9747b28c), so
/// that a key lands on the same partition whichever client produced it.
public enum Murmur2 {
    /// The hash as Java's signed `int`.
    public static func hash<Bytes: Collection>(_ data: Bytes) -> Int32 where Bytes.Element == UInt8 {
        let bytes = Array(data)
        let length = bytes.count
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for block in 0..<blocks {
            let i = block * 4
            var k = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                | UInt32(bytes[i + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        // The tail, as Java's switch falls through from case 3 to case 1.
        let tail = length & ~3
        let remaining = length % 4
        if remaining >= 3 { h ^= UInt32(bytes[tail + 2]) << 16 }
        if remaining >= 2 { h ^= UInt32(bytes[tail + 1]) << 8 }
        if remaining >= 1 {
            h ^= UInt32(bytes[tail])
            h = h &* m
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// Java's `Utils.toPositive`: clears the sign bit (not `abs`, which overflows on `Int32.min`).
    public static func toPositive(_ value: Int32) -> Int32 { value & 0x7fff_ffff }

    /// The partition Kafka's default partitioner picks for a non-null key:
    /// `toPositive(murmur2(keyBytes)) % numPartitions`.
    public static func partition<Bytes: Collection>(forKey key: Bytes, partitionCount: Int) -> Int32
    where Bytes.Element == UInt8 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return toPositive(hash(key)) % Int32(partitionCount)
    }
}
