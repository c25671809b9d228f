// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas

import KafkaModel
import KafkaProtocol
import NIOCore

/// Every message type with a sample value per version.
enum MessageSamples {
    static var all: [any SampledMessage.Type] {
        [
            AddOffsetsToTxnRequest.self,
            AddOffsetsToTxnResponse.self,
            AddPartitionsToTxnRequest.self,
            AddPartitionsToTxnResponse.self,
            AlterClientQuotasRequest.self,
            AlterClientQuotasResponse.self,
            AlterConfigsRequest.self,
            AlterConfigsResponse.self,
            AlterPartitionReassignmentsRequest.self,
            AlterPartitionReassignmentsResponse.self,
            AlterUserScramCredentialsRequest.self,
            AlterUserScramCredentialsResponse.self,
            ApiVersionsRequest.self,
            ApiVersionsResponse.self,
            ControlledShutdownRequest.self,
            ControlledShutdownResponse.self,
            CreateAclsRequest.self,
            CreateAclsResponse.self,
            CreatePartitionsRequest.self,
            CreatePartitionsResponse.self,
            CreateTopicsRequest.self,
            CreateTopicsResponse.self,
            DeleteAclsRequest.self,
            DeleteAclsResponse.self,
            DeleteGroupsRequest.self,
            DeleteGroupsResponse.self,
            DeleteRecordsRequest.self,
            DeleteRecordsResponse.self,
            DeleteTopicsRequest.self,
            DeleteTopicsResponse.self,
            DescribeAclsRequest.self,
            DescribeAclsResponse.self,
            DescribeClientQuotasRequest.self,
            DescribeClientQuotasResponse.self,
            DescribeClusterRequest.self,
            DescribeClusterResponse.self,
            DescribeConfigsRequest.self,
            DescribeConfigsResponse.self,
            DescribeGroupsRequest.self,
            DescribeGroupsResponse.self,
            DescribeLogDirsRequest.self,
            DescribeLogDirsResponse.self,
            DescribeProducersRequest.self,
            DescribeProducersResponse.self,
            DescribeTransactionsRequest.self,
            DescribeTransactionsResponse.self,
            DescribeUserScramCredentialsRequest.self,
            DescribeUserScramCredentialsResponse.self,
            ElectLeadersRequest.self,
            ElectLeadersResponse.self,
            EndTxnRequest.self,
            EndTxnResponse.self,
            FetchRequest.self,
            FetchResponse.self,
            FindCoordinatorRequest.self,
            FindCoordinatorResponse.self,
            HeartbeatRequest.self,
            HeartbeatResponse.self,
            IncrementalAlterConfigsRequest.self,
            IncrementalAlterConfigsResponse.self,
            InitProducerIdRequest.self,
            InitProducerIdResponse.self,
            JoinGroupRequest.self,
            JoinGroupResponse.self,
            LeaderAndIsrRequest.self,
            LeaderAndIsrResponse.self,
            LeaveGroupRequest.self,
            LeaveGroupResponse.self,
            ListGroupsRequest.self,
            ListGroupsResponse.self,
            ListOffsetsRequest.self,
            ListOffsetsResponse.self,
            ListPartitionReassignmentsRequest.self,
            ListPartitionReassignmentsResponse.self,
            ListTransactionsRequest.self,
            ListTransactionsResponse.self,
            MetadataRequest.self,
            MetadataResponse.self,
            OffsetCommitRequest.self,
            OffsetCommitResponse.self,
            OffsetDeleteRequest.self,
            OffsetDeleteResponse.self,
            OffsetFetchRequest.self,
            OffsetFetchResponse.self,
            OffsetForLeaderEpochRequest.self,
            OffsetForLeaderEpochResponse.self,
            ProduceRequest.self,
            ProduceResponse.self,
            SaslAuthenticateRequest.self,
            SaslAuthenticateResponse.self,
            SaslHandshakeRequest.self,
            SaslHandshakeResponse.self,
            StopReplicaRequest.self,
            StopReplicaResponse.self,
            SyncGroupRequest.self,
            SyncGroupResponse.self,
            TxnOffsetCommitRequest.self,
            TxnOffsetCommitResponse.self,
            UpdateMetadataRequest.self,
            UpdateMetadataResponse.self,
            WriteTxnMarkersRequest.self,
            WriteTxnMarkersResponse.self,
        ]
    }
}

extension AddOffsetsToTxnRequest: SampledMessage {
    static func sample(version: Int16) -> AddOffsetsToTxnRequest {
        var value = AddOffsetsToTxnRequest()
        value.transactionalID = "s1"
        value.producerID = 2
        value.producerEpoch = 3
        value.groupID = "s4"
        return value
    }
}

extension AddOffsetsToTxnResponse: SampledMessage {
    static func sample(version: Int16) -> AddOffsetsToTxnResponse {
        var value = AddOffsetsToTxnResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        return value
    }
}

extension AddPartitionsToTxnRequest: SampledMessage {
    static func sample(version: Int16) -> AddPartitionsToTxnRequest {
        var value = AddPartitionsToTxnRequest()
        value.transactionalID = "s1"
        value.producerID = 2
        value.producerEpoch = 3
        value.topics = [AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.sample(version: version)]
        return value
    }
}

extension AddPartitionsToTxnRequest.AddPartitionsToTxnTopic {
    static func sample(version: Int16) -> AddPartitionsToTxnRequest.AddPartitionsToTxnTopic {
        var value = AddPartitionsToTxnRequest.AddPartitionsToTxnTopic()
        value.name = KafkaModel.TopicName(rawValue: "s5")
        value.partitions = [7, 8]
        return value
    }
}

extension AddPartitionsToTxnResponse: SampledMessage {
    static func sample(version: Int16) -> AddPartitionsToTxnResponse {
        var value = AddPartitionsToTxnResponse()
        value.throttleTimeMs = 1
        value.results = [AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.sample(version: version)]
        return value
    }
}

extension AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult {
    static func sample(version: Int16) -> AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult {
        var value = AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.results = [AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.sample(version: version)]
        return value
    }
}

extension AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult {
    static func sample(version: Int16) -> AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult {
        var value = AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult()
        value.partitionIndex = 5
        value.errorCode = KafkaErrorCode(rawValue: 6)
        return value
    }
}

extension AlterClientQuotasRequest: SampledMessage {
    static func sample(version: Int16) -> AlterClientQuotasRequest {
        var value = AlterClientQuotasRequest()
        value.entries = [AlterClientQuotasRequest.EntryData.sample(version: version)]
        value.validateOnly = true
        return value
    }
}

extension AlterClientQuotasRequest.EntryData {
    static func sample(version: Int16) -> AlterClientQuotasRequest.EntryData {
        var value = AlterClientQuotasRequest.EntryData()
        value.entity = [AlterClientQuotasRequest.EntityData.sample(version: version)]
        value.ops = [AlterClientQuotasRequest.OpData.sample(version: version)]
        return value
    }
}

extension AlterClientQuotasRequest.EntityData {
    static func sample(version: Int16) -> AlterClientQuotasRequest.EntityData {
        var value = AlterClientQuotasRequest.EntityData()
        value.entityType = "s5"
        value.entityName = "s6"
        return value
    }
}

extension AlterClientQuotasRequest.OpData {
    static func sample(version: Int16) -> AlterClientQuotasRequest.OpData {
        var value = AlterClientQuotasRequest.OpData()
        value.key = "s7"
        value.value = 8.5
        value.remove = true
        return value
    }
}

extension AlterClientQuotasResponse: SampledMessage {
    static func sample(version: Int16) -> AlterClientQuotasResponse {
        var value = AlterClientQuotasResponse()
        value.throttleTimeMs = 1
        value.entries = [AlterClientQuotasResponse.EntryData.sample(version: version)]
        return value
    }
}

extension AlterClientQuotasResponse.EntryData {
    static func sample(version: Int16) -> AlterClientQuotasResponse.EntryData {
        var value = AlterClientQuotasResponse.EntryData()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.errorMessage = "s4"
        value.entity = [AlterClientQuotasResponse.EntityData.sample(version: version)]
        return value
    }
}

extension AlterClientQuotasResponse.EntityData {
    static func sample(version: Int16) -> AlterClientQuotasResponse.EntityData {
        var value = AlterClientQuotasResponse.EntityData()
        value.entityType = "s6"
        value.entityName = "s7"
        return value
    }
}

extension AlterConfigsRequest: SampledMessage {
    static func sample(version: Int16) -> AlterConfigsRequest {
        var value = AlterConfigsRequest()
        value.resources = [AlterConfigsRequest.AlterConfigsResource.sample(version: version)]
        value.validateOnly = true
        return value
    }
}

extension AlterConfigsRequest.AlterConfigsResource {
    static func sample(version: Int16) -> AlterConfigsRequest.AlterConfigsResource {
        var value = AlterConfigsRequest.AlterConfigsResource()
        value.resourceType = 4
        value.resourceName = "s4"
        value.configs = [AlterConfigsRequest.AlterableConfig.sample(version: version)]
        return value
    }
}

extension AlterConfigsRequest.AlterableConfig {
    static func sample(version: Int16) -> AlterConfigsRequest.AlterableConfig {
        var value = AlterConfigsRequest.AlterableConfig()
        value.name = "s6"
        value.value = "s7"
        return value
    }
}

extension AlterConfigsResponse: SampledMessage {
    static func sample(version: Int16) -> AlterConfigsResponse {
        var value = AlterConfigsResponse()
        value.throttleTimeMs = 1
        value.responses = [AlterConfigsResponse.AlterConfigsResourceResponse.sample(version: version)]
        return value
    }
}

extension AlterConfigsResponse.AlterConfigsResourceResponse {
    static func sample(version: Int16) -> AlterConfigsResponse.AlterConfigsResourceResponse {
        var value = AlterConfigsResponse.AlterConfigsResourceResponse()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.errorMessage = "s4"
        value.resourceType = 6
        value.resourceName = "s6"
        return value
    }
}

extension AlterPartitionReassignmentsRequest: SampledMessage {
    static func sample(version: Int16) -> AlterPartitionReassignmentsRequest {
        var value = AlterPartitionReassignmentsRequest()
        value.timeoutMs = 1
        value.topics = [AlterPartitionReassignmentsRequest.ReassignableTopic.sample(version: version)]
        return value
    }
}

extension AlterPartitionReassignmentsRequest.ReassignableTopic {
    static func sample(version: Int16) -> AlterPartitionReassignmentsRequest.ReassignableTopic {
        var value = AlterPartitionReassignmentsRequest.ReassignableTopic()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [AlterPartitionReassignmentsRequest.ReassignablePartition.sample(version: version)]
        return value
    }
}

extension AlterPartitionReassignmentsRequest.ReassignablePartition {
    static func sample(version: Int16) -> AlterPartitionReassignmentsRequest.ReassignablePartition {
        var value = AlterPartitionReassignmentsRequest.ReassignablePartition()
        value.partitionIndex = 5
        value.replicas = [KafkaModel.BrokerID(rawValue: 7), KafkaModel.BrokerID(rawValue: 8)]
        return value
    }
}

extension AlterPartitionReassignmentsResponse: SampledMessage {
    static func sample(version: Int16) -> AlterPartitionReassignmentsResponse {
        var value = AlterPartitionReassignmentsResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.errorMessage = "s3"
        value.responses = [AlterPartitionReassignmentsResponse.ReassignableTopicResponse.sample(version: version)]
        return value
    }
}

extension AlterPartitionReassignmentsResponse.ReassignableTopicResponse {
    static func sample(version: Int16) -> AlterPartitionReassignmentsResponse.ReassignableTopicResponse {
        var value = AlterPartitionReassignmentsResponse.ReassignableTopicResponse()
        value.name = KafkaModel.TopicName(rawValue: "s5")
        value.partitions = [AlterPartitionReassignmentsResponse.ReassignablePartitionResponse.sample(version: version)]
        return value
    }
}

extension AlterPartitionReassignmentsResponse.ReassignablePartitionResponse {
    static func sample(version: Int16) -> AlterPartitionReassignmentsResponse.ReassignablePartitionResponse {
        var value = AlterPartitionReassignmentsResponse.ReassignablePartitionResponse()
        value.partitionIndex = 7
        value.errorCode = KafkaErrorCode(rawValue: 8)
        value.errorMessage = "s9"
        return value
    }
}

extension AlterUserScramCredentialsRequest: SampledMessage {
    static func sample(version: Int16) -> AlterUserScramCredentialsRequest {
        var value = AlterUserScramCredentialsRequest()
        value.deletions = [AlterUserScramCredentialsRequest.ScramCredentialDeletion.sample(version: version)]
        value.upsertions = [AlterUserScramCredentialsRequest.ScramCredentialUpsertion.sample(version: version)]
        return value
    }
}

extension AlterUserScramCredentialsRequest.ScramCredentialDeletion {
    static func sample(version: Int16) -> AlterUserScramCredentialsRequest.ScramCredentialDeletion {
        var value = AlterUserScramCredentialsRequest.ScramCredentialDeletion()
        value.name = "s3"
        value.mechanism = 5
        return value
    }
}

extension AlterUserScramCredentialsRequest.ScramCredentialUpsertion {
    static func sample(version: Int16) -> AlterUserScramCredentialsRequest.ScramCredentialUpsertion {
        var value = AlterUserScramCredentialsRequest.ScramCredentialUpsertion()
        value.name = "s5"
        value.mechanism = 7
        value.iterations = 7
        value.salt = ByteBuffer(bytes: [8, 171, 205])
        value.saltedPassword = ByteBuffer(bytes: [9, 171, 205])
        return value
    }
}

extension AlterUserScramCredentialsResponse: SampledMessage {
    static func sample(version: Int16) -> AlterUserScramCredentialsResponse {
        var value = AlterUserScramCredentialsResponse()
        value.throttleTimeMs = 1
        value.results = [AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult.sample(version: version)]
        return value
    }
}

extension AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult {
    static func sample(version: Int16) -> AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult {
        var value = AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult()
        value.user = "s3"
        value.errorCode = KafkaErrorCode(rawValue: 4)
        value.errorMessage = "s5"
        return value
    }
}

extension ApiVersionsRequest: SampledMessage {
    static func sample(version: Int16) -> ApiVersionsRequest {
        var value = ApiVersionsRequest()
        if version >= 3 {
            value.clientSoftwareName = "s1"
        }
        if version >= 3 {
            value.clientSoftwareVersion = "s2"
        }
        return value
    }
}

extension ApiVersionsResponse: SampledMessage {
    static func sample(version: Int16) -> ApiVersionsResponse {
        var value = ApiVersionsResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        value.apiKeys = [ApiVersionsResponse.ApiVersion.sample(version: version)]
        if version >= 1 {
            value.throttleTimeMs = 3
        }
        if version >= 3 {
            value.supportedFeatures = [ApiVersionsResponse.SupportedFeatureKey.sample(version: version)]
        }
        if version >= 3 {
            value.finalizedFeaturesEpoch = 5
        }
        if version >= 3 {
            value.finalizedFeatures = [ApiVersionsResponse.FinalizedFeatureKey.sample(version: version)]
        }
        if version >= 3 {
            value.zkMigrationReady = true
        }
        return value
    }
}

extension ApiVersionsResponse.ApiVersion {
    static func sample(version: Int16) -> ApiVersionsResponse.ApiVersion {
        var value = ApiVersionsResponse.ApiVersion()
        value.apiKey = 8
        value.minVersion = 9
        value.maxVersion = 10
        return value
    }
}

extension ApiVersionsResponse.SupportedFeatureKey {
    static func sample(version: Int16) -> ApiVersionsResponse.SupportedFeatureKey {
        var value = ApiVersionsResponse.SupportedFeatureKey()
        if version >= 3 {
            value.name = "s11"
        }
        if version >= 3 {
            value.minVersion = 12
        }
        if version >= 3 {
            value.maxVersion = 13
        }
        return value
    }
}

extension ApiVersionsResponse.FinalizedFeatureKey {
    static func sample(version: Int16) -> ApiVersionsResponse.FinalizedFeatureKey {
        var value = ApiVersionsResponse.FinalizedFeatureKey()
        if version >= 3 {
            value.name = "s14"
        }
        if version >= 3 {
            value.maxVersionLevel = 15
        }
        if version >= 3 {
            value.minVersionLevel = 16
        }
        return value
    }
}

extension ControlledShutdownRequest: SampledMessage {
    static func sample(version: Int16) -> ControlledShutdownRequest {
        var value = ControlledShutdownRequest()
        value.brokerID = KafkaModel.BrokerID(rawValue: 1)
        if version >= 2 {
            value.brokerEpoch = 2
        }
        return value
    }
}

extension ControlledShutdownResponse: SampledMessage {
    static func sample(version: Int16) -> ControlledShutdownResponse {
        var value = ControlledShutdownResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        value.remainingPartitions = [ControlledShutdownResponse.RemainingPartition.sample(version: version)]
        return value
    }
}

extension ControlledShutdownResponse.RemainingPartition {
    static func sample(version: Int16) -> ControlledShutdownResponse.RemainingPartition {
        var value = ControlledShutdownResponse.RemainingPartition()
        value.topicName = KafkaModel.TopicName(rawValue: "s3")
        value.partitionIndex = 4
        return value
    }
}

extension CreateAclsRequest: SampledMessage {
    static func sample(version: Int16) -> CreateAclsRequest {
        var value = CreateAclsRequest()
        value.creations = [CreateAclsRequest.AclCreation.sample(version: version)]
        return value
    }
}

extension CreateAclsRequest.AclCreation {
    static func sample(version: Int16) -> CreateAclsRequest.AclCreation {
        var value = CreateAclsRequest.AclCreation()
        value.resourceType = 3
        value.resourceName = "s3"
        if version >= 1 {
            value.resourcePatternType = 5
        }
        value.principal = "s5"
        value.host = "s6"
        value.operation = 8
        value.permissionType = 9
        return value
    }
}

extension CreateAclsResponse: SampledMessage {
    static func sample(version: Int16) -> CreateAclsResponse {
        var value = CreateAclsResponse()
        value.throttleTimeMs = 1
        value.results = [CreateAclsResponse.AclCreationResult.sample(version: version)]
        return value
    }
}

extension CreateAclsResponse.AclCreationResult {
    static func sample(version: Int16) -> CreateAclsResponse.AclCreationResult {
        var value = CreateAclsResponse.AclCreationResult()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.errorMessage = "s4"
        return value
    }
}

extension CreatePartitionsRequest: SampledMessage {
    static func sample(version: Int16) -> CreatePartitionsRequest {
        var value = CreatePartitionsRequest()
        value.topics = [CreatePartitionsRequest.CreatePartitionsTopic.sample(version: version)]
        value.timeoutMs = 2
        value.validateOnly = true
        return value
    }
}

extension CreatePartitionsRequest.CreatePartitionsTopic {
    static func sample(version: Int16) -> CreatePartitionsRequest.CreatePartitionsTopic {
        var value = CreatePartitionsRequest.CreatePartitionsTopic()
        value.name = KafkaModel.TopicName(rawValue: "s4")
        value.count = 5
        value.assignments = [CreatePartitionsRequest.CreatePartitionsAssignment.sample(version: version)]
        return value
    }
}

extension CreatePartitionsRequest.CreatePartitionsAssignment {
    static func sample(version: Int16) -> CreatePartitionsRequest.CreatePartitionsAssignment {
        var value = CreatePartitionsRequest.CreatePartitionsAssignment()
        value.brokerIDs = [KafkaModel.BrokerID(rawValue: 8), KafkaModel.BrokerID(rawValue: 9)]
        return value
    }
}

extension CreatePartitionsResponse: SampledMessage {
    static func sample(version: Int16) -> CreatePartitionsResponse {
        var value = CreatePartitionsResponse()
        value.throttleTimeMs = 1
        value.results = [CreatePartitionsResponse.CreatePartitionsTopicResult.sample(version: version)]
        return value
    }
}

extension CreatePartitionsResponse.CreatePartitionsTopicResult {
    static func sample(version: Int16) -> CreatePartitionsResponse.CreatePartitionsTopicResult {
        var value = CreatePartitionsResponse.CreatePartitionsTopicResult()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.errorCode = KafkaErrorCode(rawValue: 4)
        value.errorMessage = "s5"
        return value
    }
}

extension CreateTopicsRequest: SampledMessage {
    static func sample(version: Int16) -> CreateTopicsRequest {
        var value = CreateTopicsRequest()
        value.topics = [CreateTopicsRequest.CreatableTopic.sample(version: version)]
        value.timeoutMs = 2
        if version >= 1 {
            value.validateOnly = true
        }
        return value
    }
}

extension CreateTopicsRequest.CreatableTopic {
    static func sample(version: Int16) -> CreateTopicsRequest.CreatableTopic {
        var value = CreateTopicsRequest.CreatableTopic()
        value.name = KafkaModel.TopicName(rawValue: "s4")
        value.numPartitions = 5
        value.replicationFactor = 6
        value.assignments = [CreateTopicsRequest.CreatableReplicaAssignment.sample(version: version)]
        value.configs = [CreateTopicsRequest.CreateableTopicConfig.sample(version: version)]
        return value
    }
}

extension CreateTopicsRequest.CreatableReplicaAssignment {
    static func sample(version: Int16) -> CreateTopicsRequest.CreatableReplicaAssignment {
        var value = CreateTopicsRequest.CreatableReplicaAssignment()
        value.partitionIndex = 9
        value.brokerIDs = [KafkaModel.BrokerID(rawValue: 11), KafkaModel.BrokerID(rawValue: 12)]
        return value
    }
}

extension CreateTopicsRequest.CreateableTopicConfig {
    static func sample(version: Int16) -> CreateTopicsRequest.CreateableTopicConfig {
        var value = CreateTopicsRequest.CreateableTopicConfig()
        value.name = "s13"
        value.value = "s14"
        return value
    }
}

extension CreateTopicsResponse: SampledMessage {
    static func sample(version: Int16) -> CreateTopicsResponse {
        var value = CreateTopicsResponse()
        if version >= 2 {
            value.throttleTimeMs = 1
        }
        value.topics = [CreateTopicsResponse.CreatableTopicResult.sample(version: version)]
        return value
    }
}

extension CreateTopicsResponse.CreatableTopicResult {
    static func sample(version: Int16) -> CreateTopicsResponse.CreatableTopicResult {
        var value = CreateTopicsResponse.CreatableTopicResult()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        if version >= 7 {
            value.topicID = KafkaUUID(mostSignificantBits: 4, leastSignificantBits: 5)
        }
        value.errorCode = KafkaErrorCode(rawValue: 5)
        if version >= 1 {
            value.errorMessage = "s6"
        }
        if version >= 5 {
            value.topicConfigErrorCode = KafkaErrorCode(rawValue: 7)
        }
        if version >= 5 {
            value.numPartitions = 8
        }
        if version >= 5 {
            value.replicationFactor = 9
        }
        if version >= 5 {
            value.configs = [CreateTopicsResponse.CreatableTopicConfigs.sample(version: version)]
        }
        return value
    }
}

extension CreateTopicsResponse.CreatableTopicConfigs {
    static func sample(version: Int16) -> CreateTopicsResponse.CreatableTopicConfigs {
        var value = CreateTopicsResponse.CreatableTopicConfigs()
        if version >= 5 {
            value.name = "s11"
        }
        if version >= 5 {
            value.value = "s12"
        }
        if version >= 5 {
            value.readOnly = true
        }
        if version >= 5 {
            value.configSource = 15
        }
        if version >= 5 {
            value.isSensitive = true
        }
        return value
    }
}

extension DeleteAclsRequest: SampledMessage {
    static func sample(version: Int16) -> DeleteAclsRequest {
        var value = DeleteAclsRequest()
        value.filters = [DeleteAclsRequest.DeleteAclsFilter.sample(version: version)]
        return value
    }
}

extension DeleteAclsRequest.DeleteAclsFilter {
    static func sample(version: Int16) -> DeleteAclsRequest.DeleteAclsFilter {
        var value = DeleteAclsRequest.DeleteAclsFilter()
        value.resourceTypeFilter = 3
        value.resourceNameFilter = "s3"
        if version >= 1 {
            value.patternTypeFilter = 5
        }
        value.principalFilter = "s5"
        value.hostFilter = "s6"
        value.operation = 8
        value.permissionType = 9
        return value
    }
}

extension DeleteAclsResponse: SampledMessage {
    static func sample(version: Int16) -> DeleteAclsResponse {
        var value = DeleteAclsResponse()
        value.throttleTimeMs = 1
        value.filterResults = [DeleteAclsResponse.DeleteAclsFilterResult.sample(version: version)]
        return value
    }
}

extension DeleteAclsResponse.DeleteAclsFilterResult {
    static func sample(version: Int16) -> DeleteAclsResponse.DeleteAclsFilterResult {
        var value = DeleteAclsResponse.DeleteAclsFilterResult()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.errorMessage = "s4"
        value.matchingAcls = [DeleteAclsResponse.DeleteAclsMatchingAcl.sample(version: version)]
        return value
    }
}

extension DeleteAclsResponse.DeleteAclsMatchingAcl {
    static func sample(version: Int16) -> DeleteAclsResponse.DeleteAclsMatchingAcl {
        var value = DeleteAclsResponse.DeleteAclsMatchingAcl()
        value.errorCode = KafkaErrorCode(rawValue: 6)
        value.errorMessage = "s7"
        value.resourceType = 9
        value.resourceName = "s9"
        if version >= 1 {
            value.patternType = 11
        }
        value.principal = "s11"
        value.host = "s12"
        value.operation = 14
        value.permissionType = 15
        return value
    }
}

extension DeleteGroupsRequest: SampledMessage {
    static func sample(version: Int16) -> DeleteGroupsRequest {
        var value = DeleteGroupsRequest()
        value.groupsNames = ["s2", "s3"]
        return value
    }
}

extension DeleteGroupsResponse: SampledMessage {
    static func sample(version: Int16) -> DeleteGroupsResponse {
        var value = DeleteGroupsResponse()
        value.throttleTimeMs = 1
        value.results = [DeleteGroupsResponse.DeletableGroupResult.sample(version: version)]
        return value
    }
}

extension DeleteGroupsResponse.DeletableGroupResult {
    static func sample(version: Int16) -> DeleteGroupsResponse.DeletableGroupResult {
        var value = DeleteGroupsResponse.DeletableGroupResult()
        value.groupID = "s3"
        value.errorCode = KafkaErrorCode(rawValue: 4)
        return value
    }
}

extension DeleteRecordsRequest: SampledMessage {
    static func sample(version: Int16) -> DeleteRecordsRequest {
        var value = DeleteRecordsRequest()
        value.topics = [DeleteRecordsRequest.DeleteRecordsTopic.sample(version: version)]
        value.timeoutMs = 2
        return value
    }
}

extension DeleteRecordsRequest.DeleteRecordsTopic {
    static func sample(version: Int16) -> DeleteRecordsRequest.DeleteRecordsTopic {
        var value = DeleteRecordsRequest.DeleteRecordsTopic()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [DeleteRecordsRequest.DeleteRecordsPartition.sample(version: version)]
        return value
    }
}

extension DeleteRecordsRequest.DeleteRecordsPartition {
    static func sample(version: Int16) -> DeleteRecordsRequest.DeleteRecordsPartition {
        var value = DeleteRecordsRequest.DeleteRecordsPartition()
        value.partitionIndex = 5
        value.offset = 6
        return value
    }
}

extension DeleteRecordsResponse: SampledMessage {
    static func sample(version: Int16) -> DeleteRecordsResponse {
        var value = DeleteRecordsResponse()
        value.throttleTimeMs = 1
        value.topics = [DeleteRecordsResponse.DeleteRecordsTopicResult.sample(version: version)]
        return value
    }
}

extension DeleteRecordsResponse.DeleteRecordsTopicResult {
    static func sample(version: Int16) -> DeleteRecordsResponse.DeleteRecordsTopicResult {
        var value = DeleteRecordsResponse.DeleteRecordsTopicResult()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [DeleteRecordsResponse.DeleteRecordsPartitionResult.sample(version: version)]
        return value
    }
}

extension DeleteRecordsResponse.DeleteRecordsPartitionResult {
    static func sample(version: Int16) -> DeleteRecordsResponse.DeleteRecordsPartitionResult {
        var value = DeleteRecordsResponse.DeleteRecordsPartitionResult()
        value.partitionIndex = 5
        value.lowWatermark = 6
        value.errorCode = KafkaErrorCode(rawValue: 7)
        return value
    }
}

extension DeleteTopicsRequest: SampledMessage {
    static func sample(version: Int16) -> DeleteTopicsRequest {
        var value = DeleteTopicsRequest()
        if version >= 6 {
            value.topics = [DeleteTopicsRequest.DeleteTopicState.sample(version: version)]
        }
        if version <= 5 {
            value.topicNames = [KafkaModel.TopicName(rawValue: "s3"), KafkaModel.TopicName(rawValue: "s4")]
        }
        value.timeoutMs = 5
        return value
    }
}

extension DeleteTopicsRequest.DeleteTopicState {
    static func sample(version: Int16) -> DeleteTopicsRequest.DeleteTopicState {
        var value = DeleteTopicsRequest.DeleteTopicState()
        if version >= 6 {
            value.name = KafkaModel.TopicName(rawValue: "s6")
        }
        if version >= 6 {
            value.topicID = KafkaUUID(mostSignificantBits: 7, leastSignificantBits: 8)
        }
        return value
    }
}

extension DeleteTopicsResponse: SampledMessage {
    static func sample(version: Int16) -> DeleteTopicsResponse {
        var value = DeleteTopicsResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        value.responses = [DeleteTopicsResponse.DeletableTopicResult.sample(version: version)]
        return value
    }
}

extension DeleteTopicsResponse.DeletableTopicResult {
    static func sample(version: Int16) -> DeleteTopicsResponse.DeletableTopicResult {
        var value = DeleteTopicsResponse.DeletableTopicResult()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        if version >= 6 {
            value.topicID = KafkaUUID(mostSignificantBits: 4, leastSignificantBits: 5)
        }
        value.errorCode = KafkaErrorCode(rawValue: 5)
        if version >= 5 {
            value.errorMessage = "s6"
        }
        return value
    }
}

extension DescribeAclsRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeAclsRequest {
        var value = DescribeAclsRequest()
        value.resourceTypeFilter = 2
        value.resourceNameFilter = "s2"
        if version >= 1 {
            value.patternTypeFilter = 4
        }
        value.principalFilter = "s4"
        value.hostFilter = "s5"
        value.operation = 7
        value.permissionType = 8
        return value
    }
}

extension DescribeAclsResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeAclsResponse {
        var value = DescribeAclsResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.errorMessage = "s3"
        value.resources = [DescribeAclsResponse.DescribeAclsResource.sample(version: version)]
        return value
    }
}

extension DescribeAclsResponse.DescribeAclsResource {
    static func sample(version: Int16) -> DescribeAclsResponse.DescribeAclsResource {
        var value = DescribeAclsResponse.DescribeAclsResource()
        value.resourceType = 6
        value.resourceName = "s6"
        if version >= 1 {
            value.patternType = 8
        }
        value.acls = [DescribeAclsResponse.AclDescription.sample(version: version)]
        return value
    }
}

extension DescribeAclsResponse.AclDescription {
    static func sample(version: Int16) -> DescribeAclsResponse.AclDescription {
        var value = DescribeAclsResponse.AclDescription()
        value.principal = "s9"
        value.host = "s10"
        value.operation = 12
        value.permissionType = 13
        return value
    }
}

extension DescribeClientQuotasRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeClientQuotasRequest {
        var value = DescribeClientQuotasRequest()
        value.components = [DescribeClientQuotasRequest.ComponentData.sample(version: version)]
        value.strict = true
        return value
    }
}

extension DescribeClientQuotasRequest.ComponentData {
    static func sample(version: Int16) -> DescribeClientQuotasRequest.ComponentData {
        var value = DescribeClientQuotasRequest.ComponentData()
        value.entityType = "s3"
        value.matchType = 5
        value.match = "s5"
        return value
    }
}

extension DescribeClientQuotasResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeClientQuotasResponse {
        var value = DescribeClientQuotasResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.errorMessage = "s3"
        value.entries = [DescribeClientQuotasResponse.EntryData.sample(version: version)]
        return value
    }
}

extension DescribeClientQuotasResponse.EntryData {
    static func sample(version: Int16) -> DescribeClientQuotasResponse.EntryData {
        var value = DescribeClientQuotasResponse.EntryData()
        value.entity = [DescribeClientQuotasResponse.EntityData.sample(version: version)]
        value.values = [DescribeClientQuotasResponse.ValueData.sample(version: version)]
        return value
    }
}

extension DescribeClientQuotasResponse.EntityData {
    static func sample(version: Int16) -> DescribeClientQuotasResponse.EntityData {
        var value = DescribeClientQuotasResponse.EntityData()
        value.entityType = "s7"
        value.entityName = "s8"
        return value
    }
}

extension DescribeClientQuotasResponse.ValueData {
    static func sample(version: Int16) -> DescribeClientQuotasResponse.ValueData {
        var value = DescribeClientQuotasResponse.ValueData()
        value.key = "s9"
        value.value = 10.5
        return value
    }
}

extension DescribeClusterRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeClusterRequest {
        var value = DescribeClusterRequest()
        value.includeClusterAuthorizedOperations = true
        return value
    }
}

extension DescribeClusterResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeClusterResponse {
        var value = DescribeClusterResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.errorMessage = "s3"
        value.clusterID = "s4"
        value.controllerID = KafkaModel.BrokerID(rawValue: 5)
        value.brokers = [DescribeClusterResponse.DescribeClusterBroker.sample(version: version)]
        value.clusterAuthorizedOperations = 7
        return value
    }
}

extension DescribeClusterResponse.DescribeClusterBroker {
    static func sample(version: Int16) -> DescribeClusterResponse.DescribeClusterBroker {
        var value = DescribeClusterResponse.DescribeClusterBroker()
        value.brokerID = KafkaModel.BrokerID(rawValue: 8)
        value.host = "s9"
        value.port = 10
        value.rack = "s11"
        return value
    }
}

extension DescribeConfigsRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeConfigsRequest {
        var value = DescribeConfigsRequest()
        value.resources = [DescribeConfigsRequest.DescribeConfigsResource.sample(version: version)]
        if version >= 1 {
            value.includeSynonyms = true
        }
        if version >= 3 {
            value.includeDocumentation = true
        }
        return value
    }
}

extension DescribeConfigsRequest.DescribeConfigsResource {
    static func sample(version: Int16) -> DescribeConfigsRequest.DescribeConfigsResource {
        var value = DescribeConfigsRequest.DescribeConfigsResource()
        value.resourceType = 5
        value.resourceName = "s5"
        value.configurationKeys = ["s7", "s8"]
        return value
    }
}

extension DescribeConfigsResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeConfigsResponse {
        var value = DescribeConfigsResponse()
        value.throttleTimeMs = 1
        value.results = [DescribeConfigsResponse.DescribeConfigsResult.sample(version: version)]
        return value
    }
}

extension DescribeConfigsResponse.DescribeConfigsResult {
    static func sample(version: Int16) -> DescribeConfigsResponse.DescribeConfigsResult {
        var value = DescribeConfigsResponse.DescribeConfigsResult()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.errorMessage = "s4"
        value.resourceType = 6
        value.resourceName = "s6"
        value.configs = [DescribeConfigsResponse.DescribeConfigsResourceResult.sample(version: version)]
        return value
    }
}

extension DescribeConfigsResponse.DescribeConfigsResourceResult {
    static func sample(version: Int16) -> DescribeConfigsResponse.DescribeConfigsResourceResult {
        var value = DescribeConfigsResponse.DescribeConfigsResourceResult()
        value.name = "s8"
        value.value = "s9"
        value.readOnly = true
        if version <= 0 {
            value.isDefault = true
        }
        if version >= 1 {
            value.configSource = 13
        }
        value.isSensitive = true
        if version >= 1 {
            value.synonyms = [DescribeConfigsResponse.DescribeConfigsSynonym.sample(version: version)]
        }
        if version >= 3 {
            value.configType = 16
        }
        if version >= 3 {
            value.documentation = "s16"
        }
        return value
    }
}

extension DescribeConfigsResponse.DescribeConfigsSynonym {
    static func sample(version: Int16) -> DescribeConfigsResponse.DescribeConfigsSynonym {
        var value = DescribeConfigsResponse.DescribeConfigsSynonym()
        if version >= 1 {
            value.name = "s17"
        }
        if version >= 1 {
            value.value = "s18"
        }
        if version >= 1 {
            value.source = 20
        }
        return value
    }
}

extension DescribeGroupsRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeGroupsRequest {
        var value = DescribeGroupsRequest()
        value.groups = ["s2", "s3"]
        if version >= 3 {
            value.includeAuthorizedOperations = true
        }
        return value
    }
}

extension DescribeGroupsResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeGroupsResponse {
        var value = DescribeGroupsResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        value.groups = [DescribeGroupsResponse.DescribedGroup.sample(version: version)]
        return value
    }
}

extension DescribeGroupsResponse.DescribedGroup {
    static func sample(version: Int16) -> DescribeGroupsResponse.DescribedGroup {
        var value = DescribeGroupsResponse.DescribedGroup()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.groupID = "s4"
        value.groupState = "s5"
        value.protocolType = "s6"
        value.protocolData = "s7"
        value.members = [DescribeGroupsResponse.DescribedGroupMember.sample(version: version)]
        if version >= 3 {
            value.authorizedOperations = 9
        }
        return value
    }
}

extension DescribeGroupsResponse.DescribedGroupMember {
    static func sample(version: Int16) -> DescribeGroupsResponse.DescribedGroupMember {
        var value = DescribeGroupsResponse.DescribedGroupMember()
        value.memberID = "s10"
        if version >= 4 {
            value.groupInstanceID = "s11"
        }
        value.clientID = "s12"
        value.clientHost = "s13"
        value.memberMetadata = ByteBuffer(bytes: [14, 171, 205])
        value.memberAssignment = ByteBuffer(bytes: [15, 171, 205])
        return value
    }
}

extension DescribeLogDirsRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeLogDirsRequest {
        var value = DescribeLogDirsRequest()
        value.topics = [DescribeLogDirsRequest.DescribableLogDirTopic.sample(version: version)]
        return value
    }
}

extension DescribeLogDirsRequest.DescribableLogDirTopic {
    static func sample(version: Int16) -> DescribeLogDirsRequest.DescribableLogDirTopic {
        var value = DescribeLogDirsRequest.DescribableLogDirTopic()
        value.topic = KafkaModel.TopicName(rawValue: "s2")
        value.partitions = [4, 5]
        return value
    }
}

extension DescribeLogDirsResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeLogDirsResponse {
        var value = DescribeLogDirsResponse()
        value.throttleTimeMs = 1
        value.results = [DescribeLogDirsResponse.DescribeLogDirsResult.sample(version: version)]
        return value
    }
}

extension DescribeLogDirsResponse.DescribeLogDirsResult {
    static func sample(version: Int16) -> DescribeLogDirsResponse.DescribeLogDirsResult {
        var value = DescribeLogDirsResponse.DescribeLogDirsResult()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.logDir = "s4"
        value.topics = [DescribeLogDirsResponse.DescribeLogDirsTopic.sample(version: version)]
        return value
    }
}

extension DescribeLogDirsResponse.DescribeLogDirsTopic {
    static func sample(version: Int16) -> DescribeLogDirsResponse.DescribeLogDirsTopic {
        var value = DescribeLogDirsResponse.DescribeLogDirsTopic()
        value.name = KafkaModel.TopicName(rawValue: "s6")
        value.partitions = [DescribeLogDirsResponse.DescribeLogDirsPartition.sample(version: version)]
        return value
    }
}

extension DescribeLogDirsResponse.DescribeLogDirsPartition {
    static func sample(version: Int16) -> DescribeLogDirsResponse.DescribeLogDirsPartition {
        var value = DescribeLogDirsResponse.DescribeLogDirsPartition()
        value.partitionIndex = 8
        value.partitionSize = 9
        value.offsetLag = 10
        value.isFutureKey = true
        return value
    }
}

extension DescribeProducersRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeProducersRequest {
        var value = DescribeProducersRequest()
        value.topics = [DescribeProducersRequest.TopicRequest.sample(version: version)]
        return value
    }
}

extension DescribeProducersRequest.TopicRequest {
    static func sample(version: Int16) -> DescribeProducersRequest.TopicRequest {
        var value = DescribeProducersRequest.TopicRequest()
        value.name = KafkaModel.TopicName(rawValue: "s2")
        value.partitionIndexes = [4, 5]
        return value
    }
}

extension DescribeProducersResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeProducersResponse {
        var value = DescribeProducersResponse()
        value.throttleTimeMs = 1
        value.topics = [DescribeProducersResponse.TopicResponse.sample(version: version)]
        return value
    }
}

extension DescribeProducersResponse.TopicResponse {
    static func sample(version: Int16) -> DescribeProducersResponse.TopicResponse {
        var value = DescribeProducersResponse.TopicResponse()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [DescribeProducersResponse.PartitionResponse.sample(version: version)]
        return value
    }
}

extension DescribeProducersResponse.PartitionResponse {
    static func sample(version: Int16) -> DescribeProducersResponse.PartitionResponse {
        var value = DescribeProducersResponse.PartitionResponse()
        value.partitionIndex = 5
        value.errorCode = KafkaErrorCode(rawValue: 6)
        value.errorMessage = "s7"
        value.activeProducers = [DescribeProducersResponse.ProducerState.sample(version: version)]
        return value
    }
}

extension DescribeProducersResponse.ProducerState {
    static func sample(version: Int16) -> DescribeProducersResponse.ProducerState {
        var value = DescribeProducersResponse.ProducerState()
        value.producerID = 9
        value.producerEpoch = 10
        value.lastSequence = 11
        value.lastTimestamp = 12
        value.coordinatorEpoch = 13
        value.currentTxnStartOffset = 14
        return value
    }
}

extension DescribeTransactionsRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeTransactionsRequest {
        var value = DescribeTransactionsRequest()
        value.transactionalIDs = ["s2", "s3"]
        return value
    }
}

extension DescribeTransactionsResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeTransactionsResponse {
        var value = DescribeTransactionsResponse()
        value.throttleTimeMs = 1
        value.transactionStates = [DescribeTransactionsResponse.TransactionState.sample(version: version)]
        return value
    }
}

extension DescribeTransactionsResponse.TransactionState {
    static func sample(version: Int16) -> DescribeTransactionsResponse.TransactionState {
        var value = DescribeTransactionsResponse.TransactionState()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.transactionalID = "s4"
        value.transactionState = "s5"
        value.transactionTimeoutMs = 6
        value.transactionStartTimeMs = 7
        value.producerID = 8
        value.producerEpoch = 9
        value.topics = [DescribeTransactionsResponse.TopicData.sample(version: version)]
        return value
    }
}

extension DescribeTransactionsResponse.TopicData {
    static func sample(version: Int16) -> DescribeTransactionsResponse.TopicData {
        var value = DescribeTransactionsResponse.TopicData()
        value.topic = KafkaModel.TopicName(rawValue: "s11")
        value.partitions = [13, 14]
        return value
    }
}

extension DescribeUserScramCredentialsRequest: SampledMessage {
    static func sample(version: Int16) -> DescribeUserScramCredentialsRequest {
        var value = DescribeUserScramCredentialsRequest()
        value.users = [DescribeUserScramCredentialsRequest.UserName.sample(version: version)]
        return value
    }
}

extension DescribeUserScramCredentialsRequest.UserName {
    static func sample(version: Int16) -> DescribeUserScramCredentialsRequest.UserName {
        var value = DescribeUserScramCredentialsRequest.UserName()
        value.name = "s2"
        return value
    }
}

extension DescribeUserScramCredentialsResponse: SampledMessage {
    static func sample(version: Int16) -> DescribeUserScramCredentialsResponse {
        var value = DescribeUserScramCredentialsResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.errorMessage = "s3"
        value.results = [DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult.sample(version: version)]
        return value
    }
}

extension DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult {
    static func sample(version: Int16) -> DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult {
        var value = DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult()
        value.user = "s5"
        value.errorCode = KafkaErrorCode(rawValue: 6)
        value.errorMessage = "s7"
        value.credentialInfos = [DescribeUserScramCredentialsResponse.CredentialInfo.sample(version: version)]
        return value
    }
}

extension DescribeUserScramCredentialsResponse.CredentialInfo {
    static func sample(version: Int16) -> DescribeUserScramCredentialsResponse.CredentialInfo {
        var value = DescribeUserScramCredentialsResponse.CredentialInfo()
        value.mechanism = 10
        value.iterations = 10
        return value
    }
}

extension ElectLeadersRequest: SampledMessage {
    static func sample(version: Int16) -> ElectLeadersRequest {
        var value = ElectLeadersRequest()
        if version >= 1 {
            value.electionType = 2
        }
        value.topicPartitions = [ElectLeadersRequest.TopicPartitions.sample(version: version)]
        value.timeoutMs = 3
        return value
    }
}

extension ElectLeadersRequest.TopicPartitions {
    static func sample(version: Int16) -> ElectLeadersRequest.TopicPartitions {
        var value = ElectLeadersRequest.TopicPartitions()
        value.topic = KafkaModel.TopicName(rawValue: "s4")
        value.partitions = [6, 7]
        return value
    }
}

extension ElectLeadersResponse: SampledMessage {
    static func sample(version: Int16) -> ElectLeadersResponse {
        var value = ElectLeadersResponse()
        value.throttleTimeMs = 1
        if version >= 1 {
            value.errorCode = KafkaErrorCode(rawValue: 2)
        }
        value.replicaElectionResults = [ElectLeadersResponse.ReplicaElectionResult.sample(version: version)]
        return value
    }
}

extension ElectLeadersResponse.ReplicaElectionResult {
    static func sample(version: Int16) -> ElectLeadersResponse.ReplicaElectionResult {
        var value = ElectLeadersResponse.ReplicaElectionResult()
        value.topic = KafkaModel.TopicName(rawValue: "s4")
        value.partitionResult = [ElectLeadersResponse.PartitionResult.sample(version: version)]
        return value
    }
}

extension ElectLeadersResponse.PartitionResult {
    static func sample(version: Int16) -> ElectLeadersResponse.PartitionResult {
        var value = ElectLeadersResponse.PartitionResult()
        value.partitionID = 6
        value.errorCode = KafkaErrorCode(rawValue: 7)
        value.errorMessage = "s8"
        return value
    }
}

extension EndTxnRequest: SampledMessage {
    static func sample(version: Int16) -> EndTxnRequest {
        var value = EndTxnRequest()
        value.transactionalID = "s1"
        value.producerID = 2
        value.producerEpoch = 3
        value.committed = true
        return value
    }
}

extension EndTxnResponse: SampledMessage {
    static func sample(version: Int16) -> EndTxnResponse {
        var value = EndTxnResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        return value
    }
}

extension FetchRequest: SampledMessage {
    static func sample(version: Int16) -> FetchRequest {
        var value = FetchRequest()
        if version >= 12 {
            value.clusterID = "s1"
        }
        value.replicaID = KafkaModel.BrokerID(rawValue: 2)
        value.maxWaitMs = 3
        value.minBytes = 4
        if version >= 3 {
            value.maxBytes = 5
        }
        if version >= 4 {
            value.isolationLevel = 7
        }
        if version >= 7 {
            value.sessionID = 7
        }
        if version >= 7 {
            value.sessionEpoch = 8
        }
        value.topics = [FetchRequest.FetchTopic.sample(version: version)]
        if version >= 7 {
            value.forgottenTopicsData = [FetchRequest.ForgottenTopic.sample(version: version)]
        }
        if version >= 11 {
            value.rackID = "s11"
        }
        return value
    }
}

extension FetchRequest.FetchTopic {
    static func sample(version: Int16) -> FetchRequest.FetchTopic {
        var value = FetchRequest.FetchTopic()
        value.topic = KafkaModel.TopicName(rawValue: "s12")
        value.partitions = [FetchRequest.FetchPartition.sample(version: version)]
        return value
    }
}

extension FetchRequest.FetchPartition {
    static func sample(version: Int16) -> FetchRequest.FetchPartition {
        var value = FetchRequest.FetchPartition()
        value.partition = 14
        if version >= 9 {
            value.currentLeaderEpoch = 15
        }
        value.fetchOffset = 16
        if version >= 12 {
            value.lastFetchedEpoch = 17
        }
        if version >= 5 {
            value.logStartOffset = 18
        }
        value.partitionMaxBytes = 19
        return value
    }
}

extension FetchRequest.ForgottenTopic {
    static func sample(version: Int16) -> FetchRequest.ForgottenTopic {
        var value = FetchRequest.ForgottenTopic()
        if version >= 7 {
            value.topic = KafkaModel.TopicName(rawValue: "s20")
        }
        if version >= 7 {
            value.partitions = [22, 23]
        }
        return value
    }
}

extension FetchResponse: SampledMessage {
    static func sample(version: Int16) -> FetchResponse {
        var value = FetchResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        if version >= 7 {
            value.errorCode = KafkaErrorCode(rawValue: 2)
        }
        if version >= 7 {
            value.sessionID = 3
        }
        value.responses = [FetchResponse.FetchableTopicResponse.sample(version: version)]
        return value
    }
}

extension FetchResponse.FetchableTopicResponse {
    static func sample(version: Int16) -> FetchResponse.FetchableTopicResponse {
        var value = FetchResponse.FetchableTopicResponse()
        value.topic = KafkaModel.TopicName(rawValue: "s5")
        value.partitions = [FetchResponse.PartitionData.sample(version: version)]
        return value
    }
}

extension FetchResponse.PartitionData {
    static func sample(version: Int16) -> FetchResponse.PartitionData {
        var value = FetchResponse.PartitionData()
        value.partitionIndex = 7
        value.errorCode = KafkaErrorCode(rawValue: 8)
        value.highWatermark = 9
        if version >= 4 {
            value.lastStableOffset = 10
        }
        if version >= 5 {
            value.logStartOffset = 11
        }
        if version >= 12 {
            value.divergingEpoch = FetchResponse.EpochEndOffset.sample(version: version)
        }
        if version >= 12 {
            value.currentLeader = FetchResponse.LeaderIdAndEpoch.sample(version: version)
        }
        if version >= 12 {
            value.snapshotID = FetchResponse.SnapshotId.sample(version: version)
        }
        if version >= 4 {
            value.abortedTransactions = [FetchResponse.AbortedTransaction.sample(version: version)]
        }
        if version >= 11 {
            value.preferredReadReplica = KafkaModel.BrokerID(rawValue: 16)
        }
        value.records = ByteBuffer(bytes: [17, 171, 205])
        return value
    }
}

extension FetchResponse.EpochEndOffset {
    static func sample(version: Int16) -> FetchResponse.EpochEndOffset {
        var value = FetchResponse.EpochEndOffset()
        if version >= 12 {
            value.epoch = 18
        }
        if version >= 12 {
            value.endOffset = 19
        }
        return value
    }
}

extension FetchResponse.LeaderIdAndEpoch {
    static func sample(version: Int16) -> FetchResponse.LeaderIdAndEpoch {
        var value = FetchResponse.LeaderIdAndEpoch()
        if version >= 12 {
            value.leaderID = KafkaModel.BrokerID(rawValue: 20)
        }
        if version >= 12 {
            value.leaderEpoch = 21
        }
        return value
    }
}

extension FetchResponse.SnapshotId {
    static func sample(version: Int16) -> FetchResponse.SnapshotId {
        var value = FetchResponse.SnapshotId()
        value.endOffset = 22
        value.epoch = 23
        return value
    }
}

extension FetchResponse.AbortedTransaction {
    static func sample(version: Int16) -> FetchResponse.AbortedTransaction {
        var value = FetchResponse.AbortedTransaction()
        if version >= 4 {
            value.producerID = 24
        }
        if version >= 4 {
            value.firstOffset = 25
        }
        return value
    }
}

extension FindCoordinatorRequest: SampledMessage {
    static func sample(version: Int16) -> FindCoordinatorRequest {
        var value = FindCoordinatorRequest()
        if version <= 3 {
            value.key = "s1"
        }
        if version >= 1 {
            value.keyType = 3
        }
        if version >= 4 {
            value.coordinatorKeys = ["s4", "s5"]
        }
        return value
    }
}

extension FindCoordinatorResponse: SampledMessage {
    static func sample(version: Int16) -> FindCoordinatorResponse {
        var value = FindCoordinatorResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        if version <= 3 {
            value.errorCode = KafkaErrorCode(rawValue: 2)
        }
        if version >= 1 && version <= 3 {
            value.errorMessage = "s3"
        }
        if version <= 3 {
            value.nodeID = KafkaModel.BrokerID(rawValue: 4)
        }
        if version <= 3 {
            value.host = "s5"
        }
        if version <= 3 {
            value.port = 6
        }
        if version >= 4 {
            value.coordinators = [FindCoordinatorResponse.Coordinator.sample(version: version)]
        }
        return value
    }
}

extension FindCoordinatorResponse.Coordinator {
    static func sample(version: Int16) -> FindCoordinatorResponse.Coordinator {
        var value = FindCoordinatorResponse.Coordinator()
        if version >= 4 {
            value.key = "s8"
        }
        if version >= 4 {
            value.nodeID = KafkaModel.BrokerID(rawValue: 9)
        }
        if version >= 4 {
            value.host = "s10"
        }
        if version >= 4 {
            value.port = 11
        }
        if version >= 4 {
            value.errorCode = KafkaErrorCode(rawValue: 12)
        }
        if version >= 4 {
            value.errorMessage = "s13"
        }
        return value
    }
}

extension HeartbeatRequest: SampledMessage {
    static func sample(version: Int16) -> HeartbeatRequest {
        var value = HeartbeatRequest()
        value.groupID = "s1"
        value.generationID = 2
        value.memberID = "s3"
        if version >= 3 {
            value.groupInstanceID = "s4"
        }
        return value
    }
}

extension HeartbeatResponse: SampledMessage {
    static func sample(version: Int16) -> HeartbeatResponse {
        var value = HeartbeatResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        value.errorCode = KafkaErrorCode(rawValue: 2)
        return value
    }
}

extension IncrementalAlterConfigsRequest: SampledMessage {
    static func sample(version: Int16) -> IncrementalAlterConfigsRequest {
        var value = IncrementalAlterConfigsRequest()
        value.resources = [IncrementalAlterConfigsRequest.AlterConfigsResource.sample(version: version)]
        value.validateOnly = true
        return value
    }
}

extension IncrementalAlterConfigsRequest.AlterConfigsResource {
    static func sample(version: Int16) -> IncrementalAlterConfigsRequest.AlterConfigsResource {
        var value = IncrementalAlterConfigsRequest.AlterConfigsResource()
        value.resourceType = 4
        value.resourceName = "s4"
        value.configs = [IncrementalAlterConfigsRequest.AlterableConfig.sample(version: version)]
        return value
    }
}

extension IncrementalAlterConfigsRequest.AlterableConfig {
    static func sample(version: Int16) -> IncrementalAlterConfigsRequest.AlterableConfig {
        var value = IncrementalAlterConfigsRequest.AlterableConfig()
        value.name = "s6"
        value.configOperation = 8
        value.value = "s8"
        return value
    }
}

extension IncrementalAlterConfigsResponse: SampledMessage {
    static func sample(version: Int16) -> IncrementalAlterConfigsResponse {
        var value = IncrementalAlterConfigsResponse()
        value.throttleTimeMs = 1
        value.responses = [IncrementalAlterConfigsResponse.AlterConfigsResourceResponse.sample(version: version)]
        return value
    }
}

extension IncrementalAlterConfigsResponse.AlterConfigsResourceResponse {
    static func sample(version: Int16) -> IncrementalAlterConfigsResponse.AlterConfigsResourceResponse {
        var value = IncrementalAlterConfigsResponse.AlterConfigsResourceResponse()
        value.errorCode = KafkaErrorCode(rawValue: 3)
        value.errorMessage = "s4"
        value.resourceType = 6
        value.resourceName = "s6"
        return value
    }
}

extension InitProducerIdRequest: SampledMessage {
    static func sample(version: Int16) -> InitProducerIdRequest {
        var value = InitProducerIdRequest()
        value.transactionalID = "s1"
        value.transactionTimeoutMs = 2
        if version >= 3 {
            value.producerID = 3
        }
        if version >= 3 {
            value.producerEpoch = 4
        }
        return value
    }
}

extension InitProducerIdResponse: SampledMessage {
    static func sample(version: Int16) -> InitProducerIdResponse {
        var value = InitProducerIdResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.producerID = 3
        value.producerEpoch = 4
        return value
    }
}

extension JoinGroupRequest: SampledMessage {
    static func sample(version: Int16) -> JoinGroupRequest {
        var value = JoinGroupRequest()
        value.groupID = "s1"
        value.sessionTimeoutMs = 2
        if version >= 1 {
            value.rebalanceTimeoutMs = 3
        }
        value.memberID = "s4"
        if version >= 5 {
            value.groupInstanceID = "s5"
        }
        value.protocolType = "s6"
        value.protocols = [JoinGroupRequest.JoinGroupRequestProtocol.sample(version: version)]
        if version >= 8 {
            value.reason = "s8"
        }
        return value
    }
}

extension JoinGroupRequest.JoinGroupRequestProtocol {
    static func sample(version: Int16) -> JoinGroupRequest.JoinGroupRequestProtocol {
        var value = JoinGroupRequest.JoinGroupRequestProtocol()
        value.name = "s9"
        value.metadata = ByteBuffer(bytes: [10, 171, 205])
        return value
    }
}

extension JoinGroupResponse: SampledMessage {
    static func sample(version: Int16) -> JoinGroupResponse {
        var value = JoinGroupResponse()
        if version >= 2 {
            value.throttleTimeMs = 1
        }
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.generationID = 3
        if version >= 7 {
            value.protocolType = "s4"
        }
        value.protocolName = "s5"
        value.leader = "s6"
        if version >= 9 {
            value.skipAssignment = true
        }
        value.memberID = "s8"
        value.members = [JoinGroupResponse.JoinGroupResponseMember.sample(version: version)]
        return value
    }
}

extension JoinGroupResponse.JoinGroupResponseMember {
    static func sample(version: Int16) -> JoinGroupResponse.JoinGroupResponseMember {
        var value = JoinGroupResponse.JoinGroupResponseMember()
        value.memberID = "s10"
        if version >= 5 {
            value.groupInstanceID = "s11"
        }
        value.metadata = ByteBuffer(bytes: [12, 171, 205])
        return value
    }
}

extension LeaderAndIsrRequest: SampledMessage {
    static func sample(version: Int16) -> LeaderAndIsrRequest {
        var value = LeaderAndIsrRequest()
        value.controllerID = KafkaModel.BrokerID(rawValue: 1)
        value.controllerEpoch = 2
        if version >= 2 {
            value.brokerEpoch = 3
        }
        if version >= 5 {
            value.type = 5
        }
        if version <= 1 {
            value.ungroupedPartitionStates = [LeaderAndIsrRequest.LeaderAndIsrPartitionState.sample(version: version)]
        }
        if version >= 2 {
            value.topicStates = [LeaderAndIsrRequest.LeaderAndIsrTopicState.sample(version: version)]
        }
        value.liveLeaders = [LeaderAndIsrRequest.LeaderAndIsrLiveLeader.sample(version: version)]
        return value
    }
}

extension LeaderAndIsrRequest.LeaderAndIsrPartitionState {
    static func sample(version: Int16) -> LeaderAndIsrRequest.LeaderAndIsrPartitionState {
        var value = LeaderAndIsrRequest.LeaderAndIsrPartitionState()
        if version <= 1 {
            value.topicName = KafkaModel.TopicName(rawValue: "s8")
        }
        value.partitionIndex = 9
        value.controllerEpoch = 10
        value.leader = KafkaModel.BrokerID(rawValue: 11)
        value.leaderEpoch = 12
        value.isr = [KafkaModel.BrokerID(rawValue: 14), KafkaModel.BrokerID(rawValue: 15)]
        value.partitionEpoch = 16
        value.replicas = [KafkaModel.BrokerID(rawValue: 18), KafkaModel.BrokerID(rawValue: 19)]
        if version >= 3 {
            value.addingReplicas = [KafkaModel.BrokerID(rawValue: 21), KafkaModel.BrokerID(rawValue: 22)]
        }
        if version >= 3 {
            value.removingReplicas = [KafkaModel.BrokerID(rawValue: 24), KafkaModel.BrokerID(rawValue: 25)]
        }
        if version >= 1 {
            value.isNew = true
        }
        return value
    }
}

extension LeaderAndIsrRequest.LeaderAndIsrTopicState {
    static func sample(version: Int16) -> LeaderAndIsrRequest.LeaderAndIsrTopicState {
        var value = LeaderAndIsrRequest.LeaderAndIsrTopicState()
        if version >= 2 {
            value.topicName = KafkaModel.TopicName(rawValue: "s27")
        }
        if version >= 5 {
            value.topicID = KafkaUUID(mostSignificantBits: 28, leastSignificantBits: 29)
        }
        if version >= 2 {
            value.partitionStates = [LeaderAndIsrRequest.LeaderAndIsrPartitionState.sample(version: version)]
        }
        return value
    }
}

extension LeaderAndIsrRequest.LeaderAndIsrLiveLeader {
    static func sample(version: Int16) -> LeaderAndIsrRequest.LeaderAndIsrLiveLeader {
        var value = LeaderAndIsrRequest.LeaderAndIsrLiveLeader()
        value.brokerID = KafkaModel.BrokerID(rawValue: 30)
        value.hostName = "s31"
        value.port = 32
        return value
    }
}

extension LeaderAndIsrResponse: SampledMessage {
    static func sample(version: Int16) -> LeaderAndIsrResponse {
        var value = LeaderAndIsrResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        if version <= 4 {
            value.partitionErrors = [LeaderAndIsrResponse.LeaderAndIsrPartitionError.sample(version: version)]
        }
        if version >= 5 {
            value.topics = [LeaderAndIsrResponse.LeaderAndIsrTopicError.sample(version: version)]
        }
        return value
    }
}

extension LeaderAndIsrResponse.LeaderAndIsrPartitionError {
    static func sample(version: Int16) -> LeaderAndIsrResponse.LeaderAndIsrPartitionError {
        var value = LeaderAndIsrResponse.LeaderAndIsrPartitionError()
        if version <= 4 {
            value.topicName = KafkaModel.TopicName(rawValue: "s4")
        }
        value.partitionIndex = 5
        value.errorCode = KafkaErrorCode(rawValue: 6)
        return value
    }
}

extension LeaderAndIsrResponse.LeaderAndIsrTopicError {
    static func sample(version: Int16) -> LeaderAndIsrResponse.LeaderAndIsrTopicError {
        var value = LeaderAndIsrResponse.LeaderAndIsrTopicError()
        if version >= 5 {
            value.topicID = KafkaUUID(mostSignificantBits: 7, leastSignificantBits: 8)
        }
        if version >= 5 {
            value.partitionErrors = [LeaderAndIsrResponse.LeaderAndIsrPartitionError.sample(version: version)]
        }
        return value
    }
}

extension LeaveGroupRequest: SampledMessage {
    static func sample(version: Int16) -> LeaveGroupRequest {
        var value = LeaveGroupRequest()
        value.groupID = "s1"
        if version <= 2 {
            value.memberID = "s2"
        }
        if version >= 3 {
            value.members = [LeaveGroupRequest.MemberIdentity.sample(version: version)]
        }
        return value
    }
}

extension LeaveGroupRequest.MemberIdentity {
    static func sample(version: Int16) -> LeaveGroupRequest.MemberIdentity {
        var value = LeaveGroupRequest.MemberIdentity()
        if version >= 3 {
            value.memberID = "s4"
        }
        if version >= 3 {
            value.groupInstanceID = "s5"
        }
        if version >= 5 {
            value.reason = "s6"
        }
        return value
    }
}

extension LeaveGroupResponse: SampledMessage {
    static func sample(version: Int16) -> LeaveGroupResponse {
        var value = LeaveGroupResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        value.errorCode = KafkaErrorCode(rawValue: 2)
        if version >= 3 {
            value.members = [LeaveGroupResponse.MemberResponse.sample(version: version)]
        }
        return value
    }
}

extension LeaveGroupResponse.MemberResponse {
    static func sample(version: Int16) -> LeaveGroupResponse.MemberResponse {
        var value = LeaveGroupResponse.MemberResponse()
        if version >= 3 {
            value.memberID = "s4"
        }
        if version >= 3 {
            value.groupInstanceID = "s5"
        }
        if version >= 3 {
            value.errorCode = KafkaErrorCode(rawValue: 6)
        }
        return value
    }
}

extension ListGroupsRequest: SampledMessage {
    static func sample(version: Int16) -> ListGroupsRequest {
        var value = ListGroupsRequest()
        if version >= 4 {
            value.statesFilter = ["s2", "s3"]
        }
        return value
    }
}

extension ListGroupsResponse: SampledMessage {
    static func sample(version: Int16) -> ListGroupsResponse {
        var value = ListGroupsResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.groups = [ListGroupsResponse.ListedGroup.sample(version: version)]
        return value
    }
}

extension ListGroupsResponse.ListedGroup {
    static func sample(version: Int16) -> ListGroupsResponse.ListedGroup {
        var value = ListGroupsResponse.ListedGroup()
        value.groupID = "s4"
        value.protocolType = "s5"
        if version >= 4 {
            value.groupState = "s6"
        }
        return value
    }
}

extension ListOffsetsRequest: SampledMessage {
    static func sample(version: Int16) -> ListOffsetsRequest {
        var value = ListOffsetsRequest()
        value.replicaID = KafkaModel.BrokerID(rawValue: 1)
        if version >= 2 {
            value.isolationLevel = 3
        }
        value.topics = [ListOffsetsRequest.ListOffsetsTopic.sample(version: version)]
        return value
    }
}

extension ListOffsetsRequest.ListOffsetsTopic {
    static func sample(version: Int16) -> ListOffsetsRequest.ListOffsetsTopic {
        var value = ListOffsetsRequest.ListOffsetsTopic()
        value.name = KafkaModel.TopicName(rawValue: "s4")
        value.partitions = [ListOffsetsRequest.ListOffsetsPartition.sample(version: version)]
        return value
    }
}

extension ListOffsetsRequest.ListOffsetsPartition {
    static func sample(version: Int16) -> ListOffsetsRequest.ListOffsetsPartition {
        var value = ListOffsetsRequest.ListOffsetsPartition()
        value.partitionIndex = 6
        if version >= 4 {
            value.currentLeaderEpoch = 7
        }
        value.timestamp = 8
        if version <= 0 {
            value.maxNumOffsets = 9
        }
        return value
    }
}

extension ListOffsetsResponse: SampledMessage {
    static func sample(version: Int16) -> ListOffsetsResponse {
        var value = ListOffsetsResponse()
        if version >= 2 {
            value.throttleTimeMs = 1
        }
        value.topics = [ListOffsetsResponse.ListOffsetsTopicResponse.sample(version: version)]
        return value
    }
}

extension ListOffsetsResponse.ListOffsetsTopicResponse {
    static func sample(version: Int16) -> ListOffsetsResponse.ListOffsetsTopicResponse {
        var value = ListOffsetsResponse.ListOffsetsTopicResponse()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [ListOffsetsResponse.ListOffsetsPartitionResponse.sample(version: version)]
        return value
    }
}

extension ListOffsetsResponse.ListOffsetsPartitionResponse {
    static func sample(version: Int16) -> ListOffsetsResponse.ListOffsetsPartitionResponse {
        var value = ListOffsetsResponse.ListOffsetsPartitionResponse()
        value.partitionIndex = 5
        value.errorCode = KafkaErrorCode(rawValue: 6)
        if version <= 0 {
            value.oldStyleOffsets = [8, 9]
        }
        if version >= 1 {
            value.timestamp = 10
        }
        if version >= 1 {
            value.offset = 11
        }
        if version >= 4 {
            value.leaderEpoch = 12
        }
        return value
    }
}

extension ListPartitionReassignmentsRequest: SampledMessage {
    static func sample(version: Int16) -> ListPartitionReassignmentsRequest {
        var value = ListPartitionReassignmentsRequest()
        value.timeoutMs = 1
        value.topics = [ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics.sample(version: version)]
        return value
    }
}

extension ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics {
    static func sample(version: Int16) -> ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics {
        var value = ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitionIndexes = [5, 6]
        return value
    }
}

extension ListPartitionReassignmentsResponse: SampledMessage {
    static func sample(version: Int16) -> ListPartitionReassignmentsResponse {
        var value = ListPartitionReassignmentsResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.errorMessage = "s3"
        value.topics = [ListPartitionReassignmentsResponse.OngoingTopicReassignment.sample(version: version)]
        return value
    }
}

extension ListPartitionReassignmentsResponse.OngoingTopicReassignment {
    static func sample(version: Int16) -> ListPartitionReassignmentsResponse.OngoingTopicReassignment {
        var value = ListPartitionReassignmentsResponse.OngoingTopicReassignment()
        value.name = KafkaModel.TopicName(rawValue: "s5")
        value.partitions = [ListPartitionReassignmentsResponse.OngoingPartitionReassignment.sample(version: version)]
        return value
    }
}

extension ListPartitionReassignmentsResponse.OngoingPartitionReassignment {
    static func sample(version: Int16) -> ListPartitionReassignmentsResponse.OngoingPartitionReassignment {
        var value = ListPartitionReassignmentsResponse.OngoingPartitionReassignment()
        value.partitionIndex = 7
        value.replicas = [KafkaModel.BrokerID(rawValue: 9), KafkaModel.BrokerID(rawValue: 10)]
        value.addingReplicas = [KafkaModel.BrokerID(rawValue: 12), KafkaModel.BrokerID(rawValue: 13)]
        value.removingReplicas = [KafkaModel.BrokerID(rawValue: 15), KafkaModel.BrokerID(rawValue: 16)]
        return value
    }
}

extension ListTransactionsRequest: SampledMessage {
    static func sample(version: Int16) -> ListTransactionsRequest {
        var value = ListTransactionsRequest()
        value.stateFilters = ["s2", "s3"]
        value.producerIDFilters = [5, 6]
        return value
    }
}

extension ListTransactionsResponse: SampledMessage {
    static func sample(version: Int16) -> ListTransactionsResponse {
        var value = ListTransactionsResponse()
        value.throttleTimeMs = 1
        value.errorCode = KafkaErrorCode(rawValue: 2)
        value.unknownStateFilters = ["s4", "s5"]
        value.transactionStates = [ListTransactionsResponse.TransactionState.sample(version: version)]
        return value
    }
}

extension ListTransactionsResponse.TransactionState {
    static func sample(version: Int16) -> ListTransactionsResponse.TransactionState {
        var value = ListTransactionsResponse.TransactionState()
        value.transactionalID = "s7"
        value.producerID = 8
        value.transactionState = "s9"
        return value
    }
}

extension MetadataRequest: SampledMessage {
    static func sample(version: Int16) -> MetadataRequest {
        var value = MetadataRequest()
        value.topics = [MetadataRequest.MetadataRequestTopic.sample(version: version)]
        if version >= 4 {
            value.allowAutoTopicCreation = false
        }
        if version >= 8 && version <= 10 {
            value.includeClusterAuthorizedOperations = true
        }
        if version >= 8 {
            value.includeTopicAuthorizedOperations = true
        }
        return value
    }
}

extension MetadataRequest.MetadataRequestTopic {
    static func sample(version: Int16) -> MetadataRequest.MetadataRequestTopic {
        var value = MetadataRequest.MetadataRequestTopic()
        if version >= 10 {
            value.topicID = KafkaUUID(mostSignificantBits: 5, leastSignificantBits: 6)
        }
        value.name = KafkaModel.TopicName(rawValue: "s6")
        return value
    }
}

extension MetadataResponse: SampledMessage {
    static func sample(version: Int16) -> MetadataResponse {
        var value = MetadataResponse()
        if version >= 3 {
            value.throttleTimeMs = 1
        }
        value.brokers = [MetadataResponse.MetadataResponseBroker.sample(version: version)]
        if version >= 2 {
            value.clusterID = "s3"
        }
        if version >= 1 {
            value.controllerID = KafkaModel.BrokerID(rawValue: 4)
        }
        value.topics = [MetadataResponse.MetadataResponseTopic.sample(version: version)]
        if version >= 8 && version <= 10 {
            value.clusterAuthorizedOperations = 6
        }
        return value
    }
}

extension MetadataResponse.MetadataResponseBroker {
    static func sample(version: Int16) -> MetadataResponse.MetadataResponseBroker {
        var value = MetadataResponse.MetadataResponseBroker()
        value.nodeID = KafkaModel.BrokerID(rawValue: 7)
        value.host = "s8"
        value.port = 9
        if version >= 1 {
            value.rack = "s10"
        }
        return value
    }
}

extension MetadataResponse.MetadataResponseTopic {
    static func sample(version: Int16) -> MetadataResponse.MetadataResponseTopic {
        var value = MetadataResponse.MetadataResponseTopic()
        value.errorCode = KafkaErrorCode(rawValue: 11)
        value.name = KafkaModel.TopicName(rawValue: "s12")
        if version >= 10 {
            value.topicID = KafkaUUID(mostSignificantBits: 13, leastSignificantBits: 14)
        }
        if version >= 1 {
            value.isInternal = true
        }
        value.partitions = [MetadataResponse.MetadataResponsePartition.sample(version: version)]
        if version >= 8 {
            value.topicAuthorizedOperations = 16
        }
        return value
    }
}

extension MetadataResponse.MetadataResponsePartition {
    static func sample(version: Int16) -> MetadataResponse.MetadataResponsePartition {
        var value = MetadataResponse.MetadataResponsePartition()
        value.errorCode = KafkaErrorCode(rawValue: 17)
        value.partitionIndex = 18
        value.leaderID = KafkaModel.BrokerID(rawValue: 19)
        if version >= 7 {
            value.leaderEpoch = 20
        }
        value.replicaNodes = [KafkaModel.BrokerID(rawValue: 22), KafkaModel.BrokerID(rawValue: 23)]
        value.isrNodes = [KafkaModel.BrokerID(rawValue: 25), KafkaModel.BrokerID(rawValue: 26)]
        if version >= 5 {
            value.offlineReplicas = [KafkaModel.BrokerID(rawValue: 28), KafkaModel.BrokerID(rawValue: 29)]
        }
        return value
    }
}

extension OffsetCommitRequest: SampledMessage {
    static func sample(version: Int16) -> OffsetCommitRequest {
        var value = OffsetCommitRequest()
        value.groupID = "s1"
        if version >= 1 {
            value.generationIDOrMemberEpoch = 2
        }
        if version >= 1 {
            value.memberID = "s3"
        }
        if version >= 7 {
            value.groupInstanceID = "s4"
        }
        if version >= 2 && version <= 4 {
            value.retentionTimeMs = 5
        }
        value.topics = [OffsetCommitRequest.OffsetCommitRequestTopic.sample(version: version)]
        return value
    }
}

extension OffsetCommitRequest.OffsetCommitRequestTopic {
    static func sample(version: Int16) -> OffsetCommitRequest.OffsetCommitRequestTopic {
        var value = OffsetCommitRequest.OffsetCommitRequestTopic()
        value.name = KafkaModel.TopicName(rawValue: "s7")
        value.partitions = [OffsetCommitRequest.OffsetCommitRequestPartition.sample(version: version)]
        return value
    }
}

extension OffsetCommitRequest.OffsetCommitRequestPartition {
    static func sample(version: Int16) -> OffsetCommitRequest.OffsetCommitRequestPartition {
        var value = OffsetCommitRequest.OffsetCommitRequestPartition()
        value.partitionIndex = 9
        value.committedOffset = 10
        if version >= 6 {
            value.committedLeaderEpoch = 11
        }
        if version >= 1 && version <= 1 {
            value.commitTimestamp = 12
        }
        value.committedMetadata = "s13"
        return value
    }
}

extension OffsetCommitResponse: SampledMessage {
    static func sample(version: Int16) -> OffsetCommitResponse {
        var value = OffsetCommitResponse()
        if version >= 3 {
            value.throttleTimeMs = 1
        }
        value.topics = [OffsetCommitResponse.OffsetCommitResponseTopic.sample(version: version)]
        return value
    }
}

extension OffsetCommitResponse.OffsetCommitResponseTopic {
    static func sample(version: Int16) -> OffsetCommitResponse.OffsetCommitResponseTopic {
        var value = OffsetCommitResponse.OffsetCommitResponseTopic()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [OffsetCommitResponse.OffsetCommitResponsePartition.sample(version: version)]
        return value
    }
}

extension OffsetCommitResponse.OffsetCommitResponsePartition {
    static func sample(version: Int16) -> OffsetCommitResponse.OffsetCommitResponsePartition {
        var value = OffsetCommitResponse.OffsetCommitResponsePartition()
        value.partitionIndex = 5
        value.errorCode = KafkaErrorCode(rawValue: 6)
        return value
    }
}

extension OffsetDeleteRequest: SampledMessage {
    static func sample(version: Int16) -> OffsetDeleteRequest {
        var value = OffsetDeleteRequest()
        value.groupID = "s1"
        value.topics = [OffsetDeleteRequest.OffsetDeleteRequestTopic.sample(version: version)]
        return value
    }
}

extension OffsetDeleteRequest.OffsetDeleteRequestTopic {
    static func sample(version: Int16) -> OffsetDeleteRequest.OffsetDeleteRequestTopic {
        var value = OffsetDeleteRequest.OffsetDeleteRequestTopic()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [OffsetDeleteRequest.OffsetDeleteRequestPartition.sample(version: version)]
        return value
    }
}

extension OffsetDeleteRequest.OffsetDeleteRequestPartition {
    static func sample(version: Int16) -> OffsetDeleteRequest.OffsetDeleteRequestPartition {
        var value = OffsetDeleteRequest.OffsetDeleteRequestPartition()
        value.partitionIndex = 5
        return value
    }
}

extension OffsetDeleteResponse: SampledMessage {
    static func sample(version: Int16) -> OffsetDeleteResponse {
        var value = OffsetDeleteResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        value.throttleTimeMs = 2
        value.topics = [OffsetDeleteResponse.OffsetDeleteResponseTopic.sample(version: version)]
        return value
    }
}

extension OffsetDeleteResponse.OffsetDeleteResponseTopic {
    static func sample(version: Int16) -> OffsetDeleteResponse.OffsetDeleteResponseTopic {
        var value = OffsetDeleteResponse.OffsetDeleteResponseTopic()
        value.name = KafkaModel.TopicName(rawValue: "s4")
        value.partitions = [OffsetDeleteResponse.OffsetDeleteResponsePartition.sample(version: version)]
        return value
    }
}

extension OffsetDeleteResponse.OffsetDeleteResponsePartition {
    static func sample(version: Int16) -> OffsetDeleteResponse.OffsetDeleteResponsePartition {
        var value = OffsetDeleteResponse.OffsetDeleteResponsePartition()
        value.partitionIndex = 6
        value.errorCode = KafkaErrorCode(rawValue: 7)
        return value
    }
}

extension OffsetFetchRequest: SampledMessage {
    static func sample(version: Int16) -> OffsetFetchRequest {
        var value = OffsetFetchRequest()
        if version <= 7 {
            value.groupID = "s1"
        }
        if version <= 7 {
            value.topics = [OffsetFetchRequest.OffsetFetchRequestTopic.sample(version: version)]
        }
        if version >= 8 {
            value.groups = [OffsetFetchRequest.OffsetFetchRequestGroup.sample(version: version)]
        }
        if version >= 7 {
            value.requireStable = true
        }
        return value
    }
}

extension OffsetFetchRequest.OffsetFetchRequestTopic {
    static func sample(version: Int16) -> OffsetFetchRequest.OffsetFetchRequestTopic {
        var value = OffsetFetchRequest.OffsetFetchRequestTopic()
        if version <= 7 {
            value.name = KafkaModel.TopicName(rawValue: "s5")
        }
        if version <= 7 {
            value.partitionIndexes = [7, 8]
        }
        return value
    }
}

extension OffsetFetchRequest.OffsetFetchRequestGroup {
    static func sample(version: Int16) -> OffsetFetchRequest.OffsetFetchRequestGroup {
        var value = OffsetFetchRequest.OffsetFetchRequestGroup()
        if version >= 8 {
            value.groupID = "s9"
        }
        if version >= 8 {
            value.topics = [OffsetFetchRequest.OffsetFetchRequestTopics.sample(version: version)]
        }
        return value
    }
}

extension OffsetFetchRequest.OffsetFetchRequestTopics {
    static func sample(version: Int16) -> OffsetFetchRequest.OffsetFetchRequestTopics {
        var value = OffsetFetchRequest.OffsetFetchRequestTopics()
        if version >= 8 {
            value.name = KafkaModel.TopicName(rawValue: "s11")
        }
        if version >= 8 {
            value.partitionIndexes = [13, 14]
        }
        return value
    }
}

extension OffsetFetchResponse: SampledMessage {
    static func sample(version: Int16) -> OffsetFetchResponse {
        var value = OffsetFetchResponse()
        if version >= 3 {
            value.throttleTimeMs = 1
        }
        if version <= 7 {
            value.topics = [OffsetFetchResponse.OffsetFetchResponseTopic.sample(version: version)]
        }
        if version >= 2 && version <= 7 {
            value.errorCode = KafkaErrorCode(rawValue: 3)
        }
        if version >= 8 {
            value.groups = [OffsetFetchResponse.OffsetFetchResponseGroup.sample(version: version)]
        }
        return value
    }
}

extension OffsetFetchResponse.OffsetFetchResponseTopic {
    static func sample(version: Int16) -> OffsetFetchResponse.OffsetFetchResponseTopic {
        var value = OffsetFetchResponse.OffsetFetchResponseTopic()
        if version <= 7 {
            value.name = KafkaModel.TopicName(rawValue: "s5")
        }
        if version <= 7 {
            value.partitions = [OffsetFetchResponse.OffsetFetchResponsePartition.sample(version: version)]
        }
        return value
    }
}

extension OffsetFetchResponse.OffsetFetchResponsePartition {
    static func sample(version: Int16) -> OffsetFetchResponse.OffsetFetchResponsePartition {
        var value = OffsetFetchResponse.OffsetFetchResponsePartition()
        if version <= 7 {
            value.partitionIndex = 7
        }
        if version <= 7 {
            value.committedOffset = 8
        }
        if version >= 5 && version <= 7 {
            value.committedLeaderEpoch = 9
        }
        if version <= 7 {
            value.metadata = "s10"
        }
        if version <= 7 {
            value.errorCode = KafkaErrorCode(rawValue: 11)
        }
        return value
    }
}

extension OffsetFetchResponse.OffsetFetchResponseGroup {
    static func sample(version: Int16) -> OffsetFetchResponse.OffsetFetchResponseGroup {
        var value = OffsetFetchResponse.OffsetFetchResponseGroup()
        if version >= 8 {
            value.groupID = "s12"
        }
        if version >= 8 {
            value.topics = [OffsetFetchResponse.OffsetFetchResponseTopics.sample(version: version)]
        }
        if version >= 8 {
            value.errorCode = KafkaErrorCode(rawValue: 14)
        }
        return value
    }
}

extension OffsetFetchResponse.OffsetFetchResponseTopics {
    static func sample(version: Int16) -> OffsetFetchResponse.OffsetFetchResponseTopics {
        var value = OffsetFetchResponse.OffsetFetchResponseTopics()
        if version >= 8 {
            value.name = KafkaModel.TopicName(rawValue: "s15")
        }
        if version >= 8 {
            value.partitions = [OffsetFetchResponse.OffsetFetchResponsePartitions.sample(version: version)]
        }
        return value
    }
}

extension OffsetFetchResponse.OffsetFetchResponsePartitions {
    static func sample(version: Int16) -> OffsetFetchResponse.OffsetFetchResponsePartitions {
        var value = OffsetFetchResponse.OffsetFetchResponsePartitions()
        if version >= 8 {
            value.partitionIndex = 17
        }
        if version >= 8 {
            value.committedOffset = 18
        }
        if version >= 8 {
            value.committedLeaderEpoch = 19
        }
        if version >= 8 {
            value.metadata = "s20"
        }
        if version >= 8 {
            value.errorCode = KafkaErrorCode(rawValue: 21)
        }
        return value
    }
}

extension OffsetForLeaderEpochRequest: SampledMessage {
    static func sample(version: Int16) -> OffsetForLeaderEpochRequest {
        var value = OffsetForLeaderEpochRequest()
        if version >= 3 {
            value.replicaID = KafkaModel.BrokerID(rawValue: 1)
        }
        value.topics = [OffsetForLeaderEpochRequest.OffsetForLeaderTopic.sample(version: version)]
        return value
    }
}

extension OffsetForLeaderEpochRequest.OffsetForLeaderTopic {
    static func sample(version: Int16) -> OffsetForLeaderEpochRequest.OffsetForLeaderTopic {
        var value = OffsetForLeaderEpochRequest.OffsetForLeaderTopic()
        value.topic = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [OffsetForLeaderEpochRequest.OffsetForLeaderPartition.sample(version: version)]
        return value
    }
}

extension OffsetForLeaderEpochRequest.OffsetForLeaderPartition {
    static func sample(version: Int16) -> OffsetForLeaderEpochRequest.OffsetForLeaderPartition {
        var value = OffsetForLeaderEpochRequest.OffsetForLeaderPartition()
        value.partition = 5
        if version >= 2 {
            value.currentLeaderEpoch = 6
        }
        value.leaderEpoch = 7
        return value
    }
}

extension OffsetForLeaderEpochResponse: SampledMessage {
    static func sample(version: Int16) -> OffsetForLeaderEpochResponse {
        var value = OffsetForLeaderEpochResponse()
        if version >= 2 {
            value.throttleTimeMs = 1
        }
        value.topics = [OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult.sample(version: version)]
        return value
    }
}

extension OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult {
    static func sample(version: Int16) -> OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult {
        var value = OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult()
        value.topic = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [OffsetForLeaderEpochResponse.EpochEndOffset.sample(version: version)]
        return value
    }
}

extension OffsetForLeaderEpochResponse.EpochEndOffset {
    static func sample(version: Int16) -> OffsetForLeaderEpochResponse.EpochEndOffset {
        var value = OffsetForLeaderEpochResponse.EpochEndOffset()
        value.errorCode = KafkaErrorCode(rawValue: 5)
        value.partition = 6
        if version >= 1 {
            value.leaderEpoch = 7
        }
        value.endOffset = 8
        return value
    }
}

extension ProduceRequest: SampledMessage {
    static func sample(version: Int16) -> ProduceRequest {
        var value = ProduceRequest()
        if version >= 3 {
            value.transactionalID = "s1"
        }
        value.acks = 2
        value.timeoutMs = 3
        value.topicData = [ProduceRequest.TopicProduceData.sample(version: version)]
        return value
    }
}

extension ProduceRequest.TopicProduceData {
    static func sample(version: Int16) -> ProduceRequest.TopicProduceData {
        var value = ProduceRequest.TopicProduceData()
        value.name = KafkaModel.TopicName(rawValue: "s5")
        value.partitionData = [ProduceRequest.PartitionProduceData.sample(version: version)]
        return value
    }
}

extension ProduceRequest.PartitionProduceData {
    static func sample(version: Int16) -> ProduceRequest.PartitionProduceData {
        var value = ProduceRequest.PartitionProduceData()
        value.index = 7
        value.records = ByteBuffer(bytes: [8, 171, 205])
        return value
    }
}

extension ProduceResponse: SampledMessage {
    static func sample(version: Int16) -> ProduceResponse {
        var value = ProduceResponse()
        value.responses = [ProduceResponse.TopicProduceResponse.sample(version: version)]
        if version >= 1 {
            value.throttleTimeMs = 2
        }
        return value
    }
}

extension ProduceResponse.TopicProduceResponse {
    static func sample(version: Int16) -> ProduceResponse.TopicProduceResponse {
        var value = ProduceResponse.TopicProduceResponse()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitionResponses = [ProduceResponse.PartitionProduceResponse.sample(version: version)]
        return value
    }
}

extension ProduceResponse.PartitionProduceResponse {
    static func sample(version: Int16) -> ProduceResponse.PartitionProduceResponse {
        var value = ProduceResponse.PartitionProduceResponse()
        value.index = 5
        value.errorCode = KafkaErrorCode(rawValue: 6)
        value.baseOffset = 7
        if version >= 2 {
            value.logAppendTimeMs = 8
        }
        if version >= 5 {
            value.logStartOffset = 9
        }
        if version >= 8 {
            value.recordErrors = [ProduceResponse.BatchIndexAndErrorMessage.sample(version: version)]
        }
        if version >= 8 {
            value.errorMessage = "s11"
        }
        return value
    }
}

extension ProduceResponse.BatchIndexAndErrorMessage {
    static func sample(version: Int16) -> ProduceResponse.BatchIndexAndErrorMessage {
        var value = ProduceResponse.BatchIndexAndErrorMessage()
        if version >= 8 {
            value.batchIndex = 12
        }
        if version >= 8 {
            value.batchIndexErrorMessage = "s13"
        }
        return value
    }
}

extension SaslAuthenticateRequest: SampledMessage {
    static func sample(version: Int16) -> SaslAuthenticateRequest {
        var value = SaslAuthenticateRequest()
        value.authBytes = ByteBuffer(bytes: [1, 171, 205])
        return value
    }
}

extension SaslAuthenticateResponse: SampledMessage {
    static func sample(version: Int16) -> SaslAuthenticateResponse {
        var value = SaslAuthenticateResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        value.errorMessage = "s2"
        value.authBytes = ByteBuffer(bytes: [3, 171, 205])
        if version >= 1 {
            value.sessionLifetimeMs = 4
        }
        return value
    }
}

extension SaslHandshakeRequest: SampledMessage {
    static func sample(version: Int16) -> SaslHandshakeRequest {
        var value = SaslHandshakeRequest()
        value.mechanism = "s1"
        return value
    }
}

extension SaslHandshakeResponse: SampledMessage {
    static func sample(version: Int16) -> SaslHandshakeResponse {
        var value = SaslHandshakeResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        value.mechanisms = ["s3", "s4"]
        return value
    }
}

extension StopReplicaRequest: SampledMessage {
    static func sample(version: Int16) -> StopReplicaRequest {
        var value = StopReplicaRequest()
        value.controllerID = KafkaModel.BrokerID(rawValue: 1)
        value.controllerEpoch = 2
        if version >= 1 {
            value.brokerEpoch = 3
        }
        if version <= 2 {
            value.deletePartitions = true
        }
        if version <= 0 {
            value.ungroupedPartitions = [StopReplicaRequest.StopReplicaPartitionV0.sample(version: version)]
        }
        if version >= 1 && version <= 2 {
            value.topics = [StopReplicaRequest.StopReplicaTopicV1.sample(version: version)]
        }
        if version >= 3 {
            value.topicStates = [StopReplicaRequest.StopReplicaTopicState.sample(version: version)]
        }
        return value
    }
}

extension StopReplicaRequest.StopReplicaPartitionV0 {
    static func sample(version: Int16) -> StopReplicaRequest.StopReplicaPartitionV0 {
        var value = StopReplicaRequest.StopReplicaPartitionV0()
        if version <= 0 {
            value.topicName = KafkaModel.TopicName(rawValue: "s8")
        }
        if version <= 0 {
            value.partitionIndex = 9
        }
        return value
    }
}

extension StopReplicaRequest.StopReplicaTopicV1 {
    static func sample(version: Int16) -> StopReplicaRequest.StopReplicaTopicV1 {
        var value = StopReplicaRequest.StopReplicaTopicV1()
        if version >= 1 && version <= 2 {
            value.name = KafkaModel.TopicName(rawValue: "s10")
        }
        if version >= 1 && version <= 2 {
            value.partitionIndexes = [12, 13]
        }
        return value
    }
}

extension StopReplicaRequest.StopReplicaTopicState {
    static func sample(version: Int16) -> StopReplicaRequest.StopReplicaTopicState {
        var value = StopReplicaRequest.StopReplicaTopicState()
        if version >= 3 {
            value.topicName = KafkaModel.TopicName(rawValue: "s14")
        }
        if version >= 3 {
            value.partitionStates = [StopReplicaRequest.StopReplicaPartitionState.sample(version: version)]
        }
        return value
    }
}

extension StopReplicaRequest.StopReplicaPartitionState {
    static func sample(version: Int16) -> StopReplicaRequest.StopReplicaPartitionState {
        var value = StopReplicaRequest.StopReplicaPartitionState()
        if version >= 3 {
            value.partitionIndex = 16
        }
        if version >= 3 {
            value.leaderEpoch = 17
        }
        if version >= 3 {
            value.deletePartition = true
        }
        return value
    }
}

extension StopReplicaResponse: SampledMessage {
    static func sample(version: Int16) -> StopReplicaResponse {
        var value = StopReplicaResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        value.partitionErrors = [StopReplicaResponse.StopReplicaPartitionError.sample(version: version)]
        return value
    }
}

extension StopReplicaResponse.StopReplicaPartitionError {
    static func sample(version: Int16) -> StopReplicaResponse.StopReplicaPartitionError {
        var value = StopReplicaResponse.StopReplicaPartitionError()
        value.topicName = KafkaModel.TopicName(rawValue: "s3")
        value.partitionIndex = 4
        value.errorCode = KafkaErrorCode(rawValue: 5)
        return value
    }
}

extension SyncGroupRequest: SampledMessage {
    static func sample(version: Int16) -> SyncGroupRequest {
        var value = SyncGroupRequest()
        value.groupID = "s1"
        value.generationID = 2
        value.memberID = "s3"
        if version >= 3 {
            value.groupInstanceID = "s4"
        }
        if version >= 5 {
            value.protocolType = "s5"
        }
        if version >= 5 {
            value.protocolName = "s6"
        }
        value.assignments = [SyncGroupRequest.SyncGroupRequestAssignment.sample(version: version)]
        return value
    }
}

extension SyncGroupRequest.SyncGroupRequestAssignment {
    static func sample(version: Int16) -> SyncGroupRequest.SyncGroupRequestAssignment {
        var value = SyncGroupRequest.SyncGroupRequestAssignment()
        value.memberID = "s8"
        value.assignment = ByteBuffer(bytes: [9, 171, 205])
        return value
    }
}

extension SyncGroupResponse: SampledMessage {
    static func sample(version: Int16) -> SyncGroupResponse {
        var value = SyncGroupResponse()
        if version >= 1 {
            value.throttleTimeMs = 1
        }
        value.errorCode = KafkaErrorCode(rawValue: 2)
        if version >= 5 {
            value.protocolType = "s3"
        }
        if version >= 5 {
            value.protocolName = "s4"
        }
        value.assignment = ByteBuffer(bytes: [5, 171, 205])
        return value
    }
}

extension TxnOffsetCommitRequest: SampledMessage {
    static func sample(version: Int16) -> TxnOffsetCommitRequest {
        var value = TxnOffsetCommitRequest()
        value.transactionalID = "s1"
        value.groupID = "s2"
        value.producerID = 3
        value.producerEpoch = 4
        if version >= 3 {
            value.generationID = 5
        }
        if version >= 3 {
            value.memberID = "s6"
        }
        if version >= 3 {
            value.groupInstanceID = "s7"
        }
        value.topics = [TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.sample(version: version)]
        return value
    }
}

extension TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic {
    static func sample(version: Int16) -> TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic {
        var value = TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic()
        value.name = KafkaModel.TopicName(rawValue: "s9")
        value.partitions = [TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.sample(version: version)]
        return value
    }
}

extension TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition {
    static func sample(version: Int16) -> TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition {
        var value = TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition()
        value.partitionIndex = 11
        value.committedOffset = 12
        if version >= 2 {
            value.committedLeaderEpoch = 13
        }
        value.committedMetadata = "s14"
        return value
    }
}

extension TxnOffsetCommitResponse: SampledMessage {
    static func sample(version: Int16) -> TxnOffsetCommitResponse {
        var value = TxnOffsetCommitResponse()
        value.throttleTimeMs = 1
        value.topics = [TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic.sample(version: version)]
        return value
    }
}

extension TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic {
    static func sample(version: Int16) -> TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic {
        var value = TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic()
        value.name = KafkaModel.TopicName(rawValue: "s3")
        value.partitions = [TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition.sample(version: version)]
        return value
    }
}

extension TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition {
    static func sample(version: Int16) -> TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition {
        var value = TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition()
        value.partitionIndex = 5
        value.errorCode = KafkaErrorCode(rawValue: 6)
        return value
    }
}

extension UpdateMetadataRequest: SampledMessage {
    static func sample(version: Int16) -> UpdateMetadataRequest {
        var value = UpdateMetadataRequest()
        value.controllerID = KafkaModel.BrokerID(rawValue: 1)
        value.controllerEpoch = 2
        if version >= 5 {
            value.brokerEpoch = 3
        }
        if version <= 4 {
            value.ungroupedPartitionStates = [UpdateMetadataRequest.UpdateMetadataPartitionState.sample(version: version)]
        }
        if version >= 5 {
            value.topicStates = [UpdateMetadataRequest.UpdateMetadataTopicState.sample(version: version)]
        }
        value.liveBrokers = [UpdateMetadataRequest.UpdateMetadataBroker.sample(version: version)]
        return value
    }
}

extension UpdateMetadataRequest.UpdateMetadataPartitionState {
    static func sample(version: Int16) -> UpdateMetadataRequest.UpdateMetadataPartitionState {
        var value = UpdateMetadataRequest.UpdateMetadataPartitionState()
        if version <= 4 {
            value.topicName = KafkaModel.TopicName(rawValue: "s7")
        }
        value.partitionIndex = 8
        value.controllerEpoch = 9
        value.leader = KafkaModel.BrokerID(rawValue: 10)
        value.leaderEpoch = 11
        value.isr = [KafkaModel.BrokerID(rawValue: 13), KafkaModel.BrokerID(rawValue: 14)]
        value.zkVersion = 15
        value.replicas = [KafkaModel.BrokerID(rawValue: 17), KafkaModel.BrokerID(rawValue: 18)]
        if version >= 4 {
            value.offlineReplicas = [KafkaModel.BrokerID(rawValue: 20), KafkaModel.BrokerID(rawValue: 21)]
        }
        return value
    }
}

extension UpdateMetadataRequest.UpdateMetadataTopicState {
    static func sample(version: Int16) -> UpdateMetadataRequest.UpdateMetadataTopicState {
        var value = UpdateMetadataRequest.UpdateMetadataTopicState()
        if version >= 5 {
            value.topicName = KafkaModel.TopicName(rawValue: "s22")
        }
        if version >= 7 {
            value.topicID = KafkaUUID(mostSignificantBits: 23, leastSignificantBits: 24)
        }
        if version >= 5 {
            value.partitionStates = [UpdateMetadataRequest.UpdateMetadataPartitionState.sample(version: version)]
        }
        return value
    }
}

extension UpdateMetadataRequest.UpdateMetadataBroker {
    static func sample(version: Int16) -> UpdateMetadataRequest.UpdateMetadataBroker {
        var value = UpdateMetadataRequest.UpdateMetadataBroker()
        value.id = KafkaModel.BrokerID(rawValue: 25)
        if version <= 0 {
            value.v0Host = "s26"
        }
        if version <= 0 {
            value.v0Port = 27
        }
        if version >= 1 {
            value.endpoints = [UpdateMetadataRequest.UpdateMetadataEndpoint.sample(version: version)]
        }
        if version >= 2 {
            value.rack = "s29"
        }
        return value
    }
}

extension UpdateMetadataRequest.UpdateMetadataEndpoint {
    static func sample(version: Int16) -> UpdateMetadataRequest.UpdateMetadataEndpoint {
        var value = UpdateMetadataRequest.UpdateMetadataEndpoint()
        if version >= 1 {
            value.port = 30
        }
        if version >= 1 {
            value.host = "s31"
        }
        if version >= 3 {
            value.listener = "s32"
        }
        if version >= 1 {
            value.securityProtocol = 33
        }
        return value
    }
}

extension UpdateMetadataResponse: SampledMessage {
    static func sample(version: Int16) -> UpdateMetadataResponse {
        var value = UpdateMetadataResponse()
        value.errorCode = KafkaErrorCode(rawValue: 1)
        return value
    }
}

extension WriteTxnMarkersRequest: SampledMessage {
    static func sample(version: Int16) -> WriteTxnMarkersRequest {
        var value = WriteTxnMarkersRequest()
        value.markers = [WriteTxnMarkersRequest.WritableTxnMarker.sample(version: version)]
        return value
    }
}

extension WriteTxnMarkersRequest.WritableTxnMarker {
    static func sample(version: Int16) -> WriteTxnMarkersRequest.WritableTxnMarker {
        var value = WriteTxnMarkersRequest.WritableTxnMarker()
        value.producerID = 2
        value.producerEpoch = 3
        value.transactionResult = true
        value.topics = [WriteTxnMarkersRequest.WritableTxnMarkerTopic.sample(version: version)]
        value.coordinatorEpoch = 6
        return value
    }
}

extension WriteTxnMarkersRequest.WritableTxnMarkerTopic {
    static func sample(version: Int16) -> WriteTxnMarkersRequest.WritableTxnMarkerTopic {
        var value = WriteTxnMarkersRequest.WritableTxnMarkerTopic()
        value.name = KafkaModel.TopicName(rawValue: "s7")
        value.partitionIndexes = [9, 10]
        return value
    }
}

extension WriteTxnMarkersResponse: SampledMessage {
    static func sample(version: Int16) -> WriteTxnMarkersResponse {
        var value = WriteTxnMarkersResponse()
        value.markers = [WriteTxnMarkersResponse.WritableTxnMarkerResult.sample(version: version)]
        return value
    }
}

extension WriteTxnMarkersResponse.WritableTxnMarkerResult {
    static func sample(version: Int16) -> WriteTxnMarkersResponse.WritableTxnMarkerResult {
        var value = WriteTxnMarkersResponse.WritableTxnMarkerResult()
        value.producerID = 2
        value.topics = [WriteTxnMarkersResponse.WritableTxnMarkerTopicResult.sample(version: version)]
        return value
    }
}

extension WriteTxnMarkersResponse.WritableTxnMarkerTopicResult {
    static func sample(version: Int16) -> WriteTxnMarkersResponse.WritableTxnMarkerTopicResult {
        var value = WriteTxnMarkersResponse.WritableTxnMarkerTopicResult()
        value.name = KafkaModel.TopicName(rawValue: "s4")
        value.partitions = [WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult.sample(version: version)]
        return value
    }
}

extension WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult {
    static func sample(version: Int16) -> WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult {
        var value = WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult()
        value.partitionIndex = 6
        value.errorCode = KafkaErrorCode(rawValue: 7)
        return value
    }
}
