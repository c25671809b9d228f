// Measures CRC-32C throughput (hardware and portable) and produce-validation throughput of uncompressed and
// compressed batches. Run: swift run -c release crc32c-bench
import KafkaRecords
import NIOCore

func measure(_ label: String, bytes: Int, repetitions: Int, _ body: () -> UInt32) {
    var sink: UInt32 = 0
    sink ^= body()  // warm up
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<repetitions { sink ^= body() }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let gigabytesPerSecond = Double(bytes) * Double(repetitions) / seconds / 1e9
    print("\(label): \((gigabytesPerSecond * 100).rounded() / 100) GB/s  (checksum \(sink))")
}

var generator = SystemRandomNumberGenerator()
let size = 1 << 20
let data = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
print("CRC-32C uses hardware: \(CRC32CChecksum.usesHardware)")
data.withUnsafeBytes { bytes in
    measure("CRC-32C, 1 MiB buffers", bytes: size, repetitions: 2000) { CRC32CChecksum.compute(bytes) }
    measure("CRC-32C portable, 1 MiB buffers", bytes: size, repetitions: 200) { CRC32CChecksum.computePortable(bytes) }
    let small = UnsafeRawBufferPointer(rebasing: bytes[0..<1024])
    measure("CRC-32C, 1 KiB buffers", bytes: 1024, repetitions: 1_000_000) { CRC32CChecksum.compute(small) }
}

// A producer-sized batch: 1000 records of 100-byte values with 10-byte keys.
for codec in CompressionCodec.allCases {
    var builder = RecordBatchBuilder(compression: codec)
    for index in 0..<1000 {
        builder.append(
            key: ByteBuffer(string: "key-\(100_000 + index)"),
            value: ByteBuffer(bytes: data[(index * 100)..<(index * 100 + 100)].map { $0 & 0x3f }), timestamp: 1000)
    }
    let batch = try builder.build()
    measure("validateProduce \(codec), \(batch.readableBytes)-byte batch (by uncompressed size)",
            bytes: builder.uncompressedSize, repetitions: codec == .none ? 20_000 : 2000) {
        UInt32(truncatingIfNeeded: (try? RecordBatchValidator.validateProduce(batch).recordCount) ?? -1)
    }
}
