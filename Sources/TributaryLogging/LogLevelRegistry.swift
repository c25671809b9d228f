import Atomics
import NIOConcurrencyHelpers

/// The level of every logger, looked up as log4j does: a logger without a level of its own takes its nearest
/// ancestor's (`tributary.zookeeper.session` → `tributary.zookeeper` → `tributary` → the root logger).
///
/// Levels change at run time (BROKER_LOGGER), so a handler does not copy its level: it holds its logger's
/// `LevelCell`, which the registry rewrites on every change; reading a level is one atomic load per log call.
public final class LogLevelRegistry: Sendable {
    /// The name Kafka gives the root logger.
    public static let rootLoggerName = "root"

    /// The registry the handlers installed by `LoggingBootstrap` consult. There is one per process because
    /// swift-log's `LoggingSystem` is itself process-wide: every `Logger(label:)` anywhere gets its handler
    /// from the one factory.
    public static let process = LogLevelRegistry()

    private struct State {
        var root: LogLevel
        var explicit: [String: LogLevel]
        /// Logger names that exist: the subsystems and every label a handler was made for.
        var known: Set<String>
        var cells: [String: LevelCell]

        func effective(_ name: String) -> LogLevel {
            var candidate = Substring(name)
            while true {
                if let level = explicit[String(candidate)] { return level }
                guard let dot = candidate.lastIndex(of: ".") else { return root }
                candidate = candidate[..<dot]
            }
        }

        func refreshCells() {
            for (name, cell) in cells { cell.store(effective(name)) }
        }
    }

    private let state: NIOLockedValueBox<State>

    public init(root: LogLevel = .info, levels: [String: LogLevel] = [:]) {
        state = NIOLockedValueBox(State(root: root, explicit: levels,
                                        known: Set(LogSubsystem.allCases.map(\.label)), cells: [:]))
    }

    /// Replaces every level (start-up: the properties file's).
    public func configure(root: LogLevel, levels: [String: LogLevel]) {
        state.withLockedValue { state in
            state.root = root
            state.explicit = levels
            state.known.formUnion(levels.keys)
            state.refreshCells()
        }
    }

    /// The cell a handler for `label` reads its level from; `label` becomes a known logger.
    func cell(for label: String) -> LevelCell {
        state.withLockedValue { state in
            if let cell = state.cells[label] { return cell }
            let cell = LevelCell(state.effective(label))
            state.cells[label] = cell
            state.known.insert(label)
            return cell
        }
    }

    /// The level that applies to `name` (its own, an ancestor's, or the root's).
    public func level(of name: String) -> LogLevel {
        state.withLockedValue { name == Self.rootLoggerName ? $0.root : $0.effective(name) }
    }

    /// True for the root logger, the subsystems, and every logger created so far.
    public func exists(_ name: String) -> Bool {
        name == Self.rootLoggerName || state.withLockedValue { $0.known.contains(name) }
    }

    /// Sets `name`'s own level (the root's for `root`); its descendants without a level follow.
    public func set(_ name: String, to level: LogLevel) {
        state.withLockedValue { state in
            if name == Self.rootLoggerName {
                state.root = level
            } else {
                state.explicit[name] = level
                state.known.insert(name)
            }
            state.refreshCells()
        }
    }

    /// Removes `name`'s own level, so it follows its ancestors again. The root's cannot be removed.
    public func unset(_ name: String) {
        guard name != Self.rootLoggerName else { return }
        state.withLockedValue { state in
            state.explicit[name] = nil
            state.refreshCells()
        }
    }

    /// Every logger with the level that applies to it, the root first, then by name (what DescribeConfigs lists).
    public var loggers: [(name: String, level: LogLevel)] {
        state.withLockedValue { state in
            var result: [(name: String, level: LogLevel)] = [(name: Self.rootLoggerName, level: state.root)]
            for name in state.known.sorted() { result.append((name: name, level: state.effective(name))) }
            return result
        }
    }
}

/// One logger's current level, shared by its handlers and rewritten by the registry.
final class LevelCell: Sendable {
    private let raw: ManagedAtomic<UInt8>

    init(_ level: LogLevel) { raw = ManagedAtomic(level.rawValue) }

    var level: LogLevel { LogLevel(rawValue: raw.load(ordering: .relaxed)) ?? .info }

    func store(_ level: LogLevel) { raw.store(level.rawValue, ordering: .relaxed) }
}
