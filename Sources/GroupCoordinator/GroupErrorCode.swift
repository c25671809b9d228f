/// The Kafka error codes the coordinator answers with (`Errors.java`). Handlers copy `rawValue` onto the wire.
public enum GroupErrorCode: Int16, Sendable, Hashable, CustomStringConvertible {
    case unknownServerError = -1
    /// NONE: success.
    case noError = 0
    case unknownTopicOrPartition = 3
    case offsetMetadataTooLarge = 12
    case coordinatorLoadInProgress = 14
    case coordinatorNotAvailable = 15
    case notCoordinator = 16
    case illegalGeneration = 22
    case inconsistentGroupProtocol = 23
    case invalidGroupID = 24
    case unknownMemberID = 25
    case invalidSessionTimeout = 26
    case rebalanceInProgress = 27
    case invalidCommitOffsetSize = 28
    case invalidProducerEpoch = 47
    case nonEmptyGroup = 68
    case groupIDNotFound = 69
    case memberIDRequired = 79
    case groupMaxSizeReached = 81
    case fencedInstanceID = 82
    case groupSubscribedToTopic = 86
    case unstableOffsetCommit = 88

    public var description: String {
        switch self {
        case .unknownServerError: "UNKNOWN_SERVER_ERROR"
        case .noError: "NONE"
        case .unknownTopicOrPartition: "UNKNOWN_TOPIC_OR_PARTITION"
        case .offsetMetadataTooLarge: "OFFSET_METADATA_TOO_LARGE"
        case .coordinatorLoadInProgress: "COORDINATOR_LOAD_IN_PROGRESS"
        case .coordinatorNotAvailable: "COORDINATOR_NOT_AVAILABLE"
        case .notCoordinator: "NOT_COORDINATOR"
        case .illegalGeneration: "ILLEGAL_GENERATION"
        case .inconsistentGroupProtocol: "INCONSISTENT_GROUP_PROTOCOL"
        case .invalidGroupID: "INVALID_GROUP_ID"
        case .unknownMemberID: "UNKNOWN_MEMBER_ID"
        case .invalidSessionTimeout: "INVALID_SESSION_TIMEOUT"
        case .rebalanceInProgress: "REBALANCE_IN_PROGRESS"
        case .invalidCommitOffsetSize: "INVALID_COMMIT_OFFSET_SIZE"
        case .invalidProducerEpoch: "INVALID_PRODUCER_EPOCH"
        case .nonEmptyGroup: "NON_EMPTY_GROUP"
        case .groupIDNotFound: "GROUP_ID_NOT_FOUND"
        case .memberIDRequired: "MEMBER_ID_REQUIRED"
        case .groupMaxSizeReached: "GROUP_MAX_SIZE_REACHED"
        case .fencedInstanceID: "FENCED_INSTANCE_ID"
        case .groupSubscribedToTopic: "GROUP_SUBSCRIBED_TO_TOPIC"
        case .unstableOffsetCommit: "UNSTABLE_OFFSET_COMMIT"
        }
    }
}
