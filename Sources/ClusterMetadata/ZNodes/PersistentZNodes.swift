/// The persistent roots every Kafka broker creates at startup if absent (null data), from Kafka's
/// `ZkData.PersistentZkPaths`.
public enum PersistentZNodes {
    public static let paths = [
        "/consumers",
        "/brokers/ids",
        "/brokers/topics",
        "/brokers/seqid",
        "/config/changes",
        "/config/topics",
        "/config/clients",
        "/config/users",
        "/config/brokers",
        "/config/ips",
        "/admin/delete_topics",
        "/isr_change_notification",
        "/latest_producer_id_block",
        "/log_dir_event_notification",
    ]
}
