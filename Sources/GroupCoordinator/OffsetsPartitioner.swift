/// Which `__consumer_offsets` partition holds a group, exactly as Kafka computes it, so clients, Kafka
/// brokers and our brokers agree on the coordinator.
public enum OffsetsPartitioner {
    /// Java's `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, wrapping in 32 bits.
    public static func javaHashCode(_ string: String) -> Int32 {
        var hash: Int32 = 0
        for unit in string.utf16 { hash = hash &* 31 &+ Int32(unit) }
        return hash
    }

    /// `abs(hashCode(groupID)) % partitionCount`, where Kafka's `Utils.abs` maps `Int32.min` to 0.
    public static func partition(for groupID: String, partitionCount: Int32) -> Int32 {
        let hash = javaHashCode(groupID)
        let positive = hash == Int32.min ? 0 : abs(hash)
        return positive % partitionCount
    }
}
