import Foundation
import KafkaRecords
import NIOCore
import Testing

/// Batches we build, read back by kafka-python's reader (the code its consumer uses), CRC check included.
@Suite(.enabled(if: Python.hasKafkaPython, "needs python3 with kafka-python"))
struct KafkaPythonInteropTests {
    /// Reads one hex batch per input line, prints per batch: crc-ok, codec, then per record
    /// offset, timestamp, key hex (or "-"), value hex (or "-"), headers as key=hex.
    static let reader = """
        import sys
        from kafka.record.default_records import DefaultRecordBatch
        for line in sys.stdin:
            batch = DefaultRecordBatch(bytes.fromhex(line.strip()))
            print("batch", batch.validate_crc(), batch.compression_type, batch.producer_id, batch.base_sequence)
            for r in batch:
                hx = lambda b: "-" if b is None else bytes(b).hex()
                hs = ",".join("%s=%s" % (k, hx(v)) for k, v in r.headers)
                print(r.offset, r.timestamp, hx(r.key), hx(r.value), hs)
        """

    private func expectedLines(_ records: [Record], header: RecordBatchHeader) -> [String] {
        func hex(_ buffer: ByteBuffer?) -> String { buffer.map(hexString) ?? "-" }
        var lines = ["batch True \(header.compression!.rawValue) \(header.producerID) \(header.baseSequence)"]
        for record in records {
            let headers = record.headers.map { "\($0.key)=\(hex($0.value))" }.joined(separator: ",")
            lines.append("\(record.offset) \(record.timestamp) \(hex(record.key)) \(hex(record.value)) \(headers)")
        }
        return lines
    }

    @Test func kafkaPythonReadsOurBatchesForEveryCodec() throws {
        var input = ""
        var expected: [String] = []
        for codec in CompressionCodec.allCases {
            let records = sampleRecords(baseOffset: 500)
            let bytes = try makeBatch(records, baseOffset: 500, compression: codec) {
                $0.producerID = 11
                $0.producerEpoch = 2
                $0.baseSequence = 40
            }
            input += hexString(bytes) + "\n"
            expected += expectedLines(records, header: try RecordBatch(bytes).header)
        }
        let output = try Python.run(Self.reader, input: input)
        let lines = output.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
        #expect(lines.count == expected.count)
        for (line, want) in zip(lines, expected) {
            #expect(line == want.trimmingCharacters(in: .whitespaces))
        }
    }
}

/// Runs python3 scripts for the interoperability tests.
enum Python {
    static let hasKafkaPython: Bool = (try? run("import kafka, lz4, zstandard, snappy", input: "")) != nil

    @discardableResult
    static func run(_ script: String, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Write from another thread so a large input cannot deadlock against a full output pipe.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(
                .executableLoad, userInfo: [NSLocalizedDescriptionKey: "python3 exited \(process.terminationStatus)"])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
