// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas

/// Every message type this module can read and write.
public enum KafkaMessageCatalog {
    /// Every request type, in API key order.
    public static var requests: [any KafkaRequestMessage.Type] {
        [
            ProduceRequest.self,
            FetchRequest.self,
            ListOffsetsRequest.self,
            MetadataRequest.self,
            LeaderAndIsrRequest.self,
            StopReplicaRequest.self,
            UpdateMetadataRequest.self,
            ControlledShutdownRequest.self,
            OffsetCommitRequest.self,
            OffsetFetchRequest.self,
            FindCoordinatorRequest.self,
            JoinGroupRequest.self,
            HeartbeatRequest.self,
            LeaveGroupRequest.self,
            SyncGroupRequest.self,
            DescribeGroupsRequest.self,
            ListGroupsRequest.self,
            SaslHandshakeRequest.self,
            ApiVersionsRequest.self,
            CreateTopicsRequest.self,
            DeleteTopicsRequest.self,
            DeleteRecordsRequest.self,
            InitProducerIdRequest.self,
            OffsetForLeaderEpochRequest.self,
            AddPartitionsToTxnRequest.self,
            AddOffsetsToTxnRequest.self,
            EndTxnRequest.self,
            WriteTxnMarkersRequest.self,
            TxnOffsetCommitRequest.self,
            DescribeAclsRequest.self,
            CreateAclsRequest.self,
            DeleteAclsRequest.self,
            DescribeConfigsRequest.self,
            AlterConfigsRequest.self,
            DescribeLogDirsRequest.self,
            SaslAuthenticateRequest.self,
            CreatePartitionsRequest.self,
            DeleteGroupsRequest.self,
            ElectLeadersRequest.self,
            IncrementalAlterConfigsRequest.self,
            AlterPartitionReassignmentsRequest.self,
            ListPartitionReassignmentsRequest.self,
            OffsetDeleteRequest.self,
            DescribeClientQuotasRequest.self,
            AlterClientQuotasRequest.self,
            DescribeUserScramCredentialsRequest.self,
            AlterUserScramCredentialsRequest.self,
            DescribeClusterRequest.self,
            DescribeProducersRequest.self,
            DescribeTransactionsRequest.self,
            ListTransactionsRequest.self,
        ]
    }

    /// Every response type, in API key order.
    public static var responses: [any KafkaResponseMessage.Type] {
        [
            ProduceResponse.self,
            FetchResponse.self,
            ListOffsetsResponse.self,
            MetadataResponse.self,
            LeaderAndIsrResponse.self,
            StopReplicaResponse.self,
            UpdateMetadataResponse.self,
            ControlledShutdownResponse.self,
            OffsetCommitResponse.self,
            OffsetFetchResponse.self,
            FindCoordinatorResponse.self,
            JoinGroupResponse.self,
            HeartbeatResponse.self,
            LeaveGroupResponse.self,
            SyncGroupResponse.self,
            DescribeGroupsResponse.self,
            ListGroupsResponse.self,
            SaslHandshakeResponse.self,
            ApiVersionsResponse.self,
            CreateTopicsResponse.self,
            DeleteTopicsResponse.self,
            DeleteRecordsResponse.self,
            InitProducerIdResponse.self,
            OffsetForLeaderEpochResponse.self,
            AddPartitionsToTxnResponse.self,
            AddOffsetsToTxnResponse.self,
            EndTxnResponse.self,
            WriteTxnMarkersResponse.self,
            TxnOffsetCommitResponse.self,
            DescribeAclsResponse.self,
            CreateAclsResponse.self,
            DeleteAclsResponse.self,
            DescribeConfigsResponse.self,
            AlterConfigsResponse.self,
            DescribeLogDirsResponse.self,
            SaslAuthenticateResponse.self,
            CreatePartitionsResponse.self,
            DeleteGroupsResponse.self,
            ElectLeadersResponse.self,
            IncrementalAlterConfigsResponse.self,
            AlterPartitionReassignmentsResponse.self,
            ListPartitionReassignmentsResponse.self,
            OffsetDeleteResponse.self,
            DescribeClientQuotasResponse.self,
            AlterClientQuotasResponse.self,
            DescribeUserScramCredentialsResponse.self,
            AlterUserScramCredentialsResponse.self,
            DescribeClusterResponse.self,
            DescribeProducersResponse.self,
            DescribeTransactionsResponse.self,
            ListTransactionsResponse.self,
        ]
    }

    /// The request type for an API key, nil when this module has none.
    public static func requestType(for apiKey: ApiKey) -> (any KafkaRequestMessage.Type)? {
        requests.first { $0.apiKey == apiKey }
    }

    /// The response type for an API key, nil when this module has none.
    public static func responseType(for apiKey: ApiKey) -> (any KafkaResponseMessage.Type)? {
        responses.first { $0.apiKey == apiKey }
    }
}
