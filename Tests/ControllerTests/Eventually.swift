import Testing

/// Polls `condition` every 5 ms; after 10 s records a test issue naming `what` and returns. The controller's
/// work happens on its own task, so its tests wait for the effects they check.
func eventually(_ what: Comment, sourceLocation: SourceLocation = #_sourceLocation,
                _ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting: \(what)", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
