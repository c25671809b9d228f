// The replica layer: the partitions this broker hosts while they live — their state, leader and follower
// transitions, the replica fetchers, ISR changes, and the purgatory where requests wait on them.
//
// One rule for who owns what:
//
// - Each partition's state (its role, leader epoch, ISR, high watermark, producer table) is owned by its
//   `Partition` and changed only under that partition's `state` lock, which is never held across I/O.
// - Writing a partition's log — a leader append, a follower append, a truncation — and changing its role take the
//   partition's `writeLock` first. Only I/O threads (produce), replica fetchers (follow) and the controller's
//   requests (LeaderAndIsr, StopReplica) take it; network event loops never do. A writer checks, under `state`,
//   that the partition still has the role and leader epoch it acted on, so a LeaderAndIsr that arrived meanwhile
//   fences it; no other lock (a fetcher's, the manager's) is held across a log write.
// - Nothing here fsyncs under a partition lock: the log flushes sealed segments in the background, and
//   checkpoints are written by their own tasks.
// - Requests that wait (acks=all produce, long-poll fetch, the group coordinator's commits) wait in the one
//   `DelayedOperationPurgatory`, holding no thread; whoever moves a partition fires its event after releasing the
//   partition's locks.
//
// Network event loops decode requests, read (the log allows concurrent readers), hand appends off and write
// responses.
