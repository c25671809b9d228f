extension ApiKey {
    /// Whether requests and responses of this API use compact encodings and tagged fields at `version`.
    public func isFlexible(version: Int16) -> Bool {
        firstFlexibleVersion.map { version >= $0 } ?? false
    }

    /// The request header version for a request of this API at `version`: 2 for flexible versions, else 1;
    /// ControlledShutdown v0 is the one request with header v0 (no client id).
    public func requestHeaderVersion(for version: Int16) -> Int16 {
        if self == .controlledShutdown && version == 0 { return 0 }
        return isFlexible(version: version) ? 2 : 1
    }

    /// The response header version for a response of this API at `version`: 1 for flexible versions, else 0;
    /// ApiVersions responses always use header v0, so a client that does not yet know the broker's versions
    /// can still read the answer.
    public func responseHeaderVersion(for version: Int16) -> Int16 {
        if self == .apiVersions { return 0 }
        return isFlexible(version: version) ? 1 : 0
    }
}
