import Foundation
import Logging
import Testing
import TributaryLogging

@Suite struct LogOutputTests {
    @Test func jsonLinesParseWithEveryField() throws {
        let formatter = LogLineFormatter(format: .json)
        let line = formatter.line(
            timestamp: "2026-01-31T12:00:00.123Z", level: .warning, label: "tributary.controller",
            message: "quote \" backslash \\ newline \n tab \t bell \u{7}", metadata: [
                "partition": "orders-0", "isr": .array(["1", "2"]), "nested": .dictionary(["epoch": "3"]),
            ], source: "Controller")
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n"), "one event, one line")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["timestamp"] as? String == "2026-01-31T12:00:00.123Z")
        #expect(object["level"] as? String == "WARN")
        #expect(object["logger"] as? String == "tributary.controller")
        #expect(object["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7}")
        #expect(object["source"] as? String == "Controller")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["partition"] as? String == "orders-0")
        #expect(metadata["isr"] as? [String] == ["1", "2"])
        #expect((metadata["nested"] as? [String: String]) == ["epoch": "3"])
    }

    @Test func plainLinesKeepSwiftLogsLayout() {
        let line = LogLineFormatter(format: .plain).line(
            timestamp: "T", level: .info, label: "tributary.replication", message: "became leader",
            metadata: ["partition": "t-0", "epoch": "4"], source: "Replication")
        #expect(line == "T info tributary.replication: epoch=4 partition=t-0 [Replication] became leader\n")
    }

    @Test func timestampsAreUTCToTheMillisecond() {
        let stamp = LogLineFormatter.timestampNow()
        #expect(stamp.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil)
    }

    @Test func theFileRotatesBeforeItPassesItsSizeLimit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/server.log"
        let writer = LogWriter(destination: .file(path: path, maxBytes: 1024, maxBackups: 2))
        // 100 lines of 100 bytes: about ten files' worth, of which the newest three remain.
        for number in 0..<100 {
            let prefix = "line \(number) "
            writer.write(prefix + String(repeating: "x", count: 99 - prefix.utf8.count) + "\n")
        }
        writer.flush()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names == ["server.log", "server.log.1", "server.log.2"])
        var lines: [String] = []
        for name in ["server.log.2", "server.log.1", "server.log"] {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(text.utf8.count <= 1024, "\(name) passed the limit")
            lines += text.split(separator: "\n").map(String.init)
        }
        #expect(lines.last?.hasPrefix("line 99 ") == true)
        let numbers = lines.compactMap { Int($0.split(separator: " ")[1]) }
        #expect(numbers == Array((100 - numbers.count)..<100), "kept lines are the newest, in order")
        #expect(numbers.count >= 20)
    }

    @Test func anUnwritableFileNeitherCrashesNorBlocks() {
        let writer = LogWriter(destination: .file(path: "/nonexistent-\(UUID())/server.log", maxBytes: 1024,
                                                  maxBackups: 1))
        for _ in 0..<10 { writer.write("lost\n") }
        writer.flush(timeout: .seconds(5))
        // Still accepting lines afterwards.
        writer.write("still lost\n")
        writer.flush(timeout: .seconds(5))
    }

    @Test func aFullQueueDropsLinesInsteadOfBlocking() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("full-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = LogWriter(destination: .file(path: directory + "/server.log", maxBytes: 1 << 30, maxBackups: 1),
                               capacityBytes: 1000)
        let started = ContinuousClock.now
        for _ in 0..<100_000 { writer.write(String(repeating: "y", count: 99) + "\n") }
        #expect(ContinuousClock.now - started < .seconds(10))
        writer.flush()
        let text = try String(contentsOfFile: directory + "/server.log", encoding: .utf8)
        #expect(text.contains("log lines dropped"))
    }
}
