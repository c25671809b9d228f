import KafkaProtocol

/// ApiVersions (18): the API ranges this broker serves, derived from the handler registry.
struct ApiVersionsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    /// Filled in once the registry is built (the list includes this handler itself).
    let advertised: @Sendable () -> [ApiVersionsResponse.ApiVersion]

    func handleNow(_ request: ApiVersionsRequest, context: RequestContext) -> ApiVersionsResponse?? {
        .some(answer())
    }

    func handle(_ request: ApiVersionsRequest, context: RequestContext) async -> ApiVersionsResponse? {
        answer()
    }

    private func answer() -> ApiVersionsResponse {
        // Tagged fields keep their defaults so none is written: librdkafka before 2.2 misreads a response
        // carrying several of them (Debian 12's kcat).
        ApiVersionsResponse(errorCode: .none, apiKeys: advertised(), throttleTimeMs: 0, finalizedFeaturesEpoch: -1)
    }
}
