import KafkaRecords
import NIOCore
import Testing

@Suite struct CRC32CTests {
    @Test func matchesKnownVectors() {
        // The check value of CRC-32C, and the iSCSI (RFC 3720 B.4) vectors.
        #expect(CRC32CChecksum.compute(ByteBuffer(string: "123456789")) == 0xE306_9283)
        #expect(CRC32CChecksum.compute(ByteBuffer(bytes: [UInt8](repeating: 0, count: 32))) == 0x8A91_36AA)
        #expect(CRC32CChecksum.compute(ByteBuffer(bytes: [UInt8](repeating: 0xff, count: 32))) == 0x62A8_AB43)
        #expect(CRC32CChecksum.compute(ByteBuffer(bytes: (0..<32).map { UInt8($0) })) == 0x46DD_794E)
        #expect(CRC32CChecksum.compute(ByteBuffer()) == 0)
    }

    @Test func hardwareAndPortableAgreeOnRandomData() {
        var generator = SeededGenerator(seed: 42)
        let data = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &generator) }
        data.withUnsafeBytes { all in
            // Every small length and misalignment, then large slices.
            for start in 0..<9 {
                for length in 0..<70 {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<start + length])
                    #expect(CRC32CChecksum.compute(slice) == CRC32CChecksum.computePortable(slice))
                }
            }
            for (start, end) in [(0, 100_003), (3, 99_000), (1000, 65_536 + 1000)] {
                let slice = UnsafeRawBufferPointer(rebasing: all[start..<end])
                #expect(CRC32CChecksum.compute(slice) == CRC32CChecksum.computePortable(slice))
            }
            // Extending chunk by chunk equals one pass.
            let whole = CRC32CChecksum.compute(all)
            let first = CRC32CChecksum.compute(UnsafeRawBufferPointer(rebasing: all[0..<12_345]))
            let chained = CRC32CChecksum.compute(UnsafeRawBufferPointer(rebasing: all[12_345...]), extending: first)
            #expect(chained == whole)
        }
    }
}
