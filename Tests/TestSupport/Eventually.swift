/// A condition that did not hold within its deadline.
public struct EventuallyTimeout: Error, CustomStringConvertible {
    public let what: String
    public let within: Duration
    public var description: String { "\(what) did not hold within \(within)" }
}

/// Polls `condition` until it returns true, every `poll`, failing after `within`.
/// - Throws: `EventuallyTimeout`, or what `condition` throws on its last attempt.
public func eventually(
    _ what: String = "condition", within: Duration = .seconds(10), poll: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + within
    while true {
        do {
            if try await condition() { return }
        } catch {
            if ContinuousClock.now >= deadline { throw error }
        }
        if ContinuousClock.now >= deadline { throw EventuallyTimeout(what: what, within: within) }
        try await Task.sleep(for: poll)
    }
}

/// Polls `produce` until it returns a value, every `poll`, failing after `within`.
/// - Throws: `EventuallyTimeout`, or what `produce` throws on its last attempt.
public func eventuallyValue<Value>(
    _ what: String = "value", within: Duration = .seconds(10), poll: Duration = .milliseconds(50),
    _ produce: () async throws -> Value?
) async throws -> Value {
    var result: Value?
    try await eventually(what, within: within, poll: poll) {
        result = try await produce()
        return result != nil
    }
    return result!
}

/// Waits for the first element of `stream` matching `predicate`, failing after `within`.
/// - Throws: `EventuallyTimeout` if the stream ends or time runs out first.
public func firstElement<Element: Sendable>(
    of stream: AsyncStream<Element>, within: Duration = .seconds(10), where predicate: @escaping @Sendable (Element) -> Bool
) async throws -> Element {
    let found: Element? = await withTaskGroup(of: Element?.self) { group in
        group.addTask {
            for await element in stream where predicate(element) { return element }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: within)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
    guard let found else { throw EventuallyTimeout(what: "stream element", within: within) }
    return found
}
