#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One executable holds a libFuzzer harness for every decoding surface that reads bytes from outside the broker.
//
//   Fuzz <target> [libFuzzer flags] [corpus directories]   built by scripts/fuzz.sh: coverage + ASan + libFuzzer
//   Fuzz <target> file…                                    a normal build: replays inputs (reproducers, corpora)
//
// The target may also come from the FUZZ_TARGET environment variable, which is how libFuzzer's forked workers
// (-fork, -jobs) learn it: they are started with libFuzzer's flags only.
// A harness returns normally for any input the code under test rejects (a thrown error); a trap, an ASan report,
// an allocation above libFuzzer's -malloc_limit_mb or a failed consistency check is a finding.

/// Runs one input through the code under test.
typealias Harness = @Sendable (UnsafeRawBufferPointer) -> Void

enum FuzzTargets {
    static let all: [(name: String, summary: String, harness: Harness)] = [
        ("requests", "request header + every request body (API key and version from the header)", MessageTargets.request),
        ("responses", "int16 API key, int16 version, response header + body", MessageTargets.response),
        ("records", "record batches and magic 0/1 message sets: framing, CRC, decompression, validation, conversion",
         RecordTargets.records),
        ("znodes", "one selector byte, then znode JSON for that decoder", ZNodeTargets.znode),
        ("properties", "a server.properties file", PropertiesTargets.properties),
        ("txnindex", "a segment's .txnindex file (aborted transactions)", TransactionTargets.txnIndex),
        ("snapshot", "a partition's producer-state .snapshot file", TransactionTargets.producerSnapshot),
        ("txnstate", "one byte (key length), then a __transaction_state record's key and value",
         TransactionTargets.transactionStateRecord),
    ]

    static func named(_ name: String) -> Harness? { all.first { $0.name == name }?.harness }
}

private func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// The harness libFuzzer's callback runs; set once, before fuzzing starts.
nonisolated(unsafe) private var selectedHarness: Harness = { _ in }

private func runSelected(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedHarness(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
/// libFuzzer's entry point for programs with their own `main` (in libclang_rt.fuzzer_no_main, which
/// scripts/fuzz.sh links: SwiftPM renames an executable's `main`, which clashes with libFuzzer's own).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

@main enum FuzzMain {
    static func main() {
        var arguments = CommandLine.arguments
        var name = getenv("FUZZ_TARGET").map { String(cString: $0) }
        if arguments.count > 1, FuzzTargets.named(arguments[1]) != nil {
            name = arguments.remove(at: 1)
        }
        guard let name, let harness = FuzzTargets.named(name) else {
            var usage = "usage: \(arguments[0]) <target> [libFuzzer flags | input files…]\ntargets:\n"
            for target in FuzzTargets.all { usage += "  \(target.name)\t\(target.summary)\n" }
            printError(usage)
            exit(2)
        }
        setenv("FUZZ_TARGET", name, 1)
        selectedHarness = harness
        #if FUZZING
        var argc = CInt(arguments.count)
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = UnsafeMutablePointer.allocate(
            capacity: arguments.count + 1)
        for (index, argument) in arguments.enumerated() { argv![index] = strdup(argument) }
        argv![arguments.count] = nil
        exit(LLVMFuzzerRunDriver(&argc, &argv, runSelected))
        #else
        exit(replay(arguments.dropFirst()))
        #endif
    }

    /// Runs each file (or each file of each directory) once; a finding traps like it would in the fuzzer.
    static func replay(_ paths: ArraySlice<String>) -> CInt {
        var files: [String] = []
        for path in paths {
            if let directory = opendir(path) {
                while let entry = readdir(directory) {
                    let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                    if !entryName.hasPrefix(".") { files.append("\(path)/\(entryName)") }
                }
                closedir(directory)
            } else {
                files.append(path)
            }
        }
        for file in files.sorted() {
            guard let bytes = readFile(file) else {
                printError("cannot read \(file)\n")
                return 1
            }
            print("running \(file) (\(bytes.count) bytes)")
            bytes.withUnsafeBytes { _ = runSelected($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
        }
        print("replayed \(files.count) inputs without a finding")
        return 0
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
