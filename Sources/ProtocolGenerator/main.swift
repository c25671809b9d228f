// Regenerates Sources/KafkaProtocol/Generated and the test samples from Sources/ProtocolGenerator/Schemas.
// Usage: swift run ProtocolGenerator [package-root]   (default: the current directory)
import Foundation
import ProtocolCodegen

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : FileManager.default.currentDirectoryPath
let files = FileManager.default
let schemaDirectory = "\(root)/\(ProtocolCodegen.schemaDirectory)"
var schemas: [String: String] = [:]
for name in try files.contentsOfDirectory(atPath: schemaDirectory) where name.hasSuffix(".schema") {
    schemas[name] = try String(contentsOfFile: "\(schemaDirectory)/\(name)", encoding: .utf8)
}
let outputs = try ProtocolCodegen.generate(schemas: schemas)
// Remove stale generated files, then write the new ones.
for directory in [ProtocolCodegen.libraryDirectory, ProtocolCodegen.testDirectory] {
    let path = "\(root)/\(directory)"
    try files.createDirectory(atPath: path, withIntermediateDirectories: true)
    for name in try files.contentsOfDirectory(atPath: path) where outputs["\(directory)/\(name)"] == nil {
        try files.removeItem(atPath: "\(path)/\(name)")
    }
}
for (path, text) in outputs {
    try text.write(toFile: "\(root)/\(path)", atomically: true, encoding: .utf8)
}
print("wrote \(outputs.count) files")
