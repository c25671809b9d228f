import ArgumentParser
import TributaryCLI

/// Calls the asynchronous `run()` through the protocol requirement.
func runAsync<Command: AsyncParsableCommand>(_ command: Command) async throws {
    var command = command
    try await command.run()
}

do {
    let command = try await TributaryCommand.asyncParseAsRoot(nil)
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        var command = command
        try command.run()
    }
} catch {
    TributaryCommand.exit(withError: error)
}
