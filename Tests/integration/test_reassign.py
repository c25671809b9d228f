"""Partition reassignment (KIP-455) and partition growth, process level: `tributary reassign`
with Kafka's plans and output, the legacy `/admin/reassign_partitions` znode, controller
SIGKILL and a target broker going away mid-move, cancel, invalid plans, and
`tributary topics alter --partitions`. ZooKeeper state is read with kazoo; records are
produced and read with confluent-kafka (librdkafka)."""

from __future__ import annotations

import base64
import json
import os
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewPartitions

from harness import run_tributary, wait_for

QUIET = {"log_level": 3}
#: Followers catch up and the leader reports it within seconds; the whole move is small.
MOVE_TIMEOUT = 60


def unique_topic(prefix: str = "r") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def tributary(*args: str, timeout: float = 90):
    return run_tributary(*args, timeout=timeout)


def create_topic(cluster, topic: str, assignment: str) -> None:
    def created():
        # Right after startup the brokers may not know the elected controller yet: try again.
        result = tributary("topics", "create", topic, "--replica-assignment", assignment, "--if-not-exists",
                           "--bootstrap-server", cluster.bootstrap)
        assert "no active controller" in result.stderr or result.returncode == 0, result.stderr
        return result.returncode == 0
    wait_for(created, 30, f"{topic} to be created", interval=0.5)
    partitions = len(assignment.split(","))
    wait_for(lambda: all(partition_state(cluster, topic, p) for p in range(partitions)), 30,
             f"{topic} to have leaders")


def topic_znode(cluster, topic: str) -> dict:
    return cluster.read_json(f"/brokers/topics/{topic}")


def partition_state(cluster, topic: str, partition: int) -> dict | None:
    return cluster.read_json(f"/brokers/topics/{topic}/partitions/{partition}/state")


def write_plan(tmp_path: Path, partitions: list[dict], name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"version": 1, "partitions": partitions}))
    return path


def plan_for(topic: str, replicas: dict[int, list[int]]) -> list[dict]:
    return [{"topic": topic, "partition": p, "replicas": r} for p, r in sorted(replicas.items())]


def produce(cluster, topic: str, count: int, partitions: int) -> None:
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", **QUIET})
    failures = []
    for index in range(count):
        producer.produce(topic, value=f"v{index}".encode(), partition=index % partitions,
                         on_delivery=lambda error, _: error and failures.append(error))
        producer.poll(0)
    assert producer.flush(60) == 0
    assert not failures, failures[:3]


def consume_all(cluster, topic: str, partitions: int, expected: int, timeout: float = 60) -> set[bytes]:
    """Reads every partition from the beginning until `expected` distinct values were seen."""
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique_topic("g"),
                         "enable.auto.commit": False, "enable.partition.eof": False, **QUIET})
    seen: set[bytes] = set()
    try:
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
        deadline = time.monotonic() + timeout
        while len(seen) < expected and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() in (KafkaError._PARTITION_EOF, KafkaError.NOT_LEADER_FOR_PARTITION):
                    continue
                raise KafkaException(message.error())
            seen.add(message.value())
    finally:
        consumer.close()
    return seen


def partition_dirs(broker, topic: str) -> list[str]:
    return sorted(p.name for p in broker.data_dir.glob(f"{topic}-*") if p.is_dir())


def verify_until_complete(cluster, plan: Path) -> str:
    result = tributary("reassign", "verify", "--reassignment-json-file", str(plan), "--wait",
                       "--timeout", str(MOVE_TIMEOUT), "--bootstrap-server", cluster.bootstrap,
                       timeout=MOVE_TIMEOUT + 30)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def assert_moved(cluster, topic: str, target: dict[int, list[int]]) -> None:
    znode = topic_znode(cluster, topic)
    assert znode["partitions"] == {str(p): r for p, r in target.items()}
    assert znode.get("adding_replicas", {}) == {} and znode.get("removing_replicas", {}) == {}
    for partition, replicas in target.items():
        state = partition_state(cluster, topic, partition)
        assert state["leader"] in replicas, state
        assert sorted(state["isr"]) == sorted(replicas), state


def four_partitions_on_1_and_2(make_cluster, **options):
    cluster = make_cluster(brokers=4, **options)
    cluster.wait_controller(30)
    topic = unique_topic()
    create_topic(cluster, topic, "1:2,2:1,1:2,2:1")
    return cluster, topic


TARGET = {0: [3, 4], 1: [4, 3], 2: [3, 4], 3: [4, 3]}


# ---------------------------------------------------------------------------------------


def test_execute_and_verify_move_every_partition_with_its_records(make_cluster, tmp_path):
    cluster, topic = four_partitions_on_1_and_2(make_cluster)
    produce(cluster, topic, 400, 4)
    plan = write_plan(tmp_path, plan_for(topic, TARGET))

    result = tributary("reassign", "execute", "--reassignment-json-file", str(plan),
                       "--bootstrap-server", cluster.bootstrap)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Current partition replica assignment" and lines[1] == ""
    rollback = json.loads(lines[2])
    assert rollback == {"version": 1, "partitions": [
        {"topic": topic, "partition": p, "replicas": r, "log_dirs": ["any", "any"]}
        for p, r in enumerate([[1, 2], [2, 1], [1, 2], [2, 1]])]}
    assert lines[3:5] == ["", "Save this to use as the --reassignment-json-file option during rollback"]
    assert lines[5] == "Successfully started partition reassignments for " + ",".join(
        f"{topic}-{p}" for p in range(4))

    output = verify_until_complete(cluster, plan).splitlines()
    assert output[0] == "Status of partition reassignment:"
    assert output[1:5] == [f"Reassignment of partition {topic}-{p} is completed." for p in range(4)]
    assert output[5] == "Clearing broker-level throttles on brokers 1,2,3,4"
    assert output[6] == f"Clearing topic-level throttles on topic(s) {topic}"

    assert_moved(cluster, topic, TARGET)
    assert len(consume_all(cluster, topic, 4, 400)) == 400
    for old in (1, 2):
        wait_for(lambda: partition_dirs(cluster.brokers[old], topic) == [], 30,
                 f"broker {old} to delete its replicas of {topic}")
    for new in (3, 4):
        assert partition_dirs(cluster.brokers[new], topic) == [f"{topic}-{p}" for p in range(4)]

    listed = tributary("reassign", "list", "--bootstrap-server", cluster.bootstrap)
    assert listed.stdout.strip() == "No partition reassignments found."


def test_no_acknowledged_record_is_lost_while_moving_under_load(make_cluster, tmp_path):
    cluster, topic = four_partitions_on_1_and_2(make_cluster)
    acked: set[bytes] = set()
    errors: list = []
    stop = threading.Event()

    def load():
        producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "linger.ms": 5,
                             "message.timeout.ms": 60000, **QUIET})

        def delivered(error, message):
            if error is None:
                acked.add(message.value())
            else:
                errors.append(error)
        index = 0
        while not stop.is_set():
            producer.produce(topic, value=f"load-{index}".encode(), partition=index % 4, on_delivery=delivered)
            producer.poll(0)
            index += 1
            time.sleep(0.002)
        producer.flush(60)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    wait_for(lambda: len(acked) >= 200, 30, "the load to be acknowledged")
    plan = write_plan(tmp_path, plan_for(topic, TARGET))
    result = tributary("reassign", "execute", "--reassignment-json-file", str(plan),
                       "--bootstrap-server", cluster.bootstrap)
    assert result.returncode == 0, result.stderr
    verify_until_complete(cluster, plan)
    count_at_completion = len(acked)
    wait_for(lambda: len(acked) >= count_at_completion + 200, 30, "acks from the new leaders")
    stop.set()
    thread.join(90)
    assert_moved(cluster, topic, TARGET)
    consumed = consume_all(cluster, topic, 4, len(acked))
    missing = acked - consumed
    assert not missing, f"{len(missing)} acknowledged records lost, e.g. {sorted(missing)[:5]}"


def test_a_plan_written_to_the_legacy_znode_is_carried_out_and_removed(make_cluster):
    cluster, topic = four_partitions_on_1_and_2(make_cluster)
    produce(cluster, topic, 100, 4)
    plan = {"version": 1, "partitions": plan_for(topic, TARGET)}
    cluster.zk.create("/admin/reassign_partitions", json.dumps(plan).encode(), makepath=True)
    wait_for(lambda: not cluster.zk.exists("/admin/reassign_partitions"), MOVE_TIMEOUT,
             "the controller to carry out and remove /admin/reassign_partitions")
    assert_moved(cluster, topic, TARGET)
    assert len(consume_all(cluster, topic, 4, 100)) == 100


def stalled_target(cluster) -> int:
    """A target broker (3 or 4) that is not the controller, to pause so the move waits for it."""
    controller = cluster.controller()
    return 4 if controller != 4 else 3


def bootstrap_without(cluster, paused: int) -> str:
    """bootstrap.servers leaving out a paused broker (a client would wait on it forever)."""
    return ",".join(b.address for i, b in cluster.brokers.items() if i != paused)


def execute_move_to_target(tmp_path: Path, topic: str, bootstrap: str) -> Path:
    """`tributary reassign execute` of the plan moving every partition to TARGET; returns the plan file."""
    plan = write_plan(tmp_path, plan_for(topic, TARGET))
    result = tributary("reassign", "execute", "--reassignment-json-file", str(plan), "--bootstrap-server", bootstrap)
    assert result.returncode == 0, result.stderr
    return plan


def test_controller_sigkill_and_a_target_down_mid_move_then_back(make_cluster, tmp_path):
    cluster, topic = four_partitions_on_1_and_2(make_cluster, session_timeout_ms=6000)
    produce(cluster, topic, 200, 4)
    paused = stalled_target(cluster)
    cluster.brokers[paused].process.send_signal(signal.SIGSTOP)
    try:
        plan = execute_move_to_target(tmp_path, topic, bootstrap_without(cluster, paused))
        moving = topic_znode(cluster, topic)
        assert moving["adding_replicas"] == {str(p): r for p, r in TARGET.items()}, moving
        assert moving["removing_replicas"] == {str(p): [1, 2] if p % 2 == 0 else [2, 1] for p in range(4)}

        progress = tributary("reassign", "verify", "--reassignment-json-file", str(plan),
                             "--bootstrap-server", bootstrap_without(cluster, paused))
        assert f"Reassignment of partition {topic}-0 is still in progress." in progress.stdout

        controller = cluster.controller()
        cluster.kill(controller, signal.SIGKILL)
        cluster.wait_controller(30, other_than=controller)
        # The new controller has resumed the move; for a whole second it must keep waiting for the paused target.
        settle = time.monotonic() + 1
        while time.monotonic() < settle:
            assert topic_znode(cluster, topic)["adding_replicas"] != {}, "nothing can finish without the target"
            time.sleep(0.05)
    finally:
        cluster.kill(paused, signal.SIGKILL)
    wait_for(lambda: paused not in cluster.registered_ids(), 30, f"broker {paused} to be gone")
    cluster.start_broker(paused)
    # The old controller comes back too: it may be a target (then the move waits for it) or a source.
    cluster.start_broker(controller)
    wait_for(lambda: topic_znode(cluster, topic)["adding_replicas"] == {}, MOVE_TIMEOUT,
             "the new controller to finish the move once the targets are back")
    assert_moved(cluster, topic, TARGET)
    assert len(consume_all(cluster, topic, 4, 200)) == 200


def test_cancel_restores_the_original_replicas(make_cluster, tmp_path):
    cluster, topic = four_partitions_on_1_and_2(make_cluster, session_timeout_ms=20000)
    produce(cluster, topic, 100, 4)
    paused = stalled_target(cluster)
    other = 3 if paused == 4 else 4
    cluster.brokers[paused].process.send_signal(signal.SIGSTOP)
    try:
        plan = execute_move_to_target(tmp_path, topic, bootstrap_without(cluster, paused))
        listed = tributary("reassign", "list", "--bootstrap-server", bootstrap_without(cluster, paused))
        assert listed.stdout.splitlines()[0] == "Current partition reassignments:"
        assert f"{topic}-0: replicas: 3,4,1,2. adding: 3,4. removing: 1,2." in listed.stdout

        cancelled = tributary("reassign", "cancel", "--reassignment-json-file", str(plan),
                              "--bootstrap-server", bootstrap_without(cluster, paused))
        assert cancelled.returncode == 0, cancelled.stderr
        assert cancelled.stdout.splitlines()[0] == "Successfully cancelled partition reassignments for: " + \
            ",".join(f"{topic}-{p}" for p in range(4))
    finally:
        cluster.brokers[paused].process.send_signal(signal.SIGCONT)

    znode = topic_znode(cluster, topic)
    assert znode["partitions"] == {"0": [1, 2], "1": [2, 1], "2": [1, 2], "3": [2, 1]}
    assert znode["adding_replicas"] == {} and znode["removing_replicas"] == {}
    for partition in range(4):
        assert partition_state(cluster, topic, partition)["leader"] in (1, 2)
    wait_for(lambda: partition_dirs(cluster.brokers[other], topic) == [], 30,
             f"broker {other} to delete the replicas it was given")
    again = tributary("reassign", "cancel", "--reassignment-json-file", str(plan),
                      "--bootstrap-server", bootstrap_without(cluster, paused))
    assert again.stdout.splitlines()[0] == "None of the specified partition reassignments are active."
    verify = tributary("reassign", "verify", "--reassignment-json-file", str(plan),
                       "--bootstrap-server", bootstrap_without(cluster, paused))
    assert verify.returncode == 1
    assert (f"There is no active reassignment of partition {topic}-0, but replica set is 1,2 rather than 3,4."
            in verify.stdout)
    assert len(consume_all(cluster, topic, 4, 100)) == 100


def test_growing_or_deleting_a_topic_mid_move(make_cluster, tmp_path):
    """Kafka's rules: adding partitions to a moving topic is refused with REASSIGNMENT_IN_PROGRESS (its
    partitions list whole moving sets, so neither the replication factor nor a placement can be read from
    them); a deletion is queued but waits for the move, and goes ahead once the move is cancelled."""
    cluster, topic = four_partitions_on_1_and_2(make_cluster, session_timeout_ms=20000)
    produce(cluster, topic, 40, 4)
    paused = stalled_target(cluster)
    bootstrap = bootstrap_without(cluster, paused)
    admin = AdminClient({"bootstrap.servers": bootstrap, **QUIET})
    cluster.brokers[paused].process.send_signal(signal.SIGSTOP)
    try:
        plan = execute_move_to_target(tmp_path, topic, bootstrap)

        with pytest.raises(KafkaException) as grown:
            admin.create_partitions([NewPartitions(topic, 6)])[topic].result(timeout=30)
        assert grown.value.args[0].code() == KafkaError.REASSIGNMENT_IN_PROGRESS, grown.value
        assert sorted(topic_znode(cluster, topic)["partitions"]) == ["0", "1", "2", "3"]

        # Queued, but not carried out while the partitions move: the request times out as in Kafka.
        with pytest.raises(KafkaException) as deleted:
            admin.delete_topics([topic], operation_timeout=2)[topic].result(timeout=30)
        assert deleted.value.args[0].code() == KafkaError.REQUEST_TIMED_OUT, deleted.value
        assert cluster.zk.exists(f"/admin/delete_topics/{topic}")
        settle = time.monotonic() + 1
        while time.monotonic() < settle:
            assert cluster.zk.exists(f"/brokers/topics/{topic}"), "deleted while moving"
            time.sleep(0.05)

        cancelled = tributary("reassign", "cancel", "--reassignment-json-file", str(plan),
                              "--bootstrap-server", bootstrap)
        assert cancelled.returncode == 0, cancelled.stdout + cancelled.stderr
        wait_for(lambda: not cluster.zk.exists(f"/brokers/topics/{topic}"), 60, "the deletion to go ahead")
        assert not cluster.zk.exists(f"/admin/delete_topics/{topic}")
        for broker in (1, 2):
            wait_for(lambda: partition_dirs(cluster.brokers[broker], topic) == [], 30,
                     f"broker {broker} to delete its replicas")
    finally:
        cluster.brokers[paused].process.send_signal(signal.SIGCONT)


def test_replicas_moved_or_deleted_while_their_broker_was_down_are_removed_when_it_returns(make_cluster, tmp_path):
    """The controller can only tell live brokers to delete replicas. A broker that was down while its replica
    moved away, or while its topic was deleted, finds those logs on return and removes them before it
    registers; the replicas it still hosts stay."""
    cluster = make_cluster(brokers=3)
    cluster.wait_controller(30)
    moved, deleted, kept = unique_topic("moved"), unique_topic("deleted"), unique_topic("kept")
    create_topic(cluster, moved, "1:2")
    create_topic(cluster, deleted, "2:1")
    create_topic(cluster, kept, "1:2")
    produce(cluster, kept, 20, 1)
    wait_for(lambda: sorted(partition_state(cluster, kept, 0)["isr"]) == [1, 2], 30, "broker 2 in sync")
    controller = cluster.controller()
    victim = 2 if controller != 2 else 1
    assert partition_dirs(cluster.brokers[victim], moved) == [f"{moved}-0"]

    cluster.kill(victim, signal.SIGKILL)
    wait_for(lambda: victim not in cluster.registered_ids(), 30, f"broker {victim} to be gone")
    survivor = 1 if victim == 2 else 2
    plan = write_plan(tmp_path, plan_for(moved, {0: [survivor, 3]}))
    bootstrap = bootstrap_without(cluster, victim)
    result = tributary("reassign", "execute", "--reassignment-json-file", str(plan), "--bootstrap-server", bootstrap)
    assert result.returncode == 0, result.stdout + result.stderr
    wait_for(lambda: topic_znode(cluster, moved)["partitions"] == {"0": [survivor, 3]}
             and topic_znode(cluster, moved).get("adding_replicas", {}) == {}, MOVE_TIMEOUT, "the move to finish")
    deletion = tributary("topics", "delete", deleted, "--bootstrap-server", bootstrap)
    assert deletion.returncode == 0, deletion.stdout + deletion.stderr
    wait_for(lambda: not cluster.zk.exists(f"/brokers/topics/{deleted}"), 60, "the deletion to complete")
    assert partition_dirs(cluster.brokers[victim], moved) == [f"{moved}-0"], "still on the stopped broker's disk"
    assert partition_dirs(cluster.brokers[victim], deleted) == [f"{deleted}-0"]

    cluster.start_broker(victim)
    wait_for(lambda: victim in cluster.registered_ids(), 30, f"broker {victim} to register again")
    assert partition_dirs(cluster.brokers[victim], moved) == []
    assert partition_dirs(cluster.brokers[victim], deleted) == []
    assert partition_dirs(cluster.brokers[victim], kept) == [f"{kept}-0"]
    log = cluster.brokers[victim].stderr()
    assert "deleted stray replica log" in log and f"topic {deleted} no longer exists" in log
    # The replica it kept is a working follower again.
    wait_for(lambda: sorted(partition_state(cluster, kept, 0)["isr"]) == [1, 2], 60, "the kept replica back in sync")
    assert len(consume_all(cluster, kept, 1, 20)) == 20


def test_a_topic_deleted_and_created_again_while_a_replica_was_down_starts_afresh_there(make_cluster):
    """Kafka's topic ids (KIP-516): each log records the id of the topic it was created for
    (`partition.metadata`). A broker that was down while its topic was deleted and created again under the
    same name, with itself among the replicas, must not serve the old log as the new topic's: it removes the
    old log on return and replicates the new topic from scratch."""
    cluster = make_cluster(brokers=3)
    cluster.wait_controller(30)
    topic = unique_topic("again")
    create_topic(cluster, topic, "1:2")
    produce(cluster, topic, 30, 1)
    wait_for(lambda: sorted(partition_state(cluster, topic, 0)["isr"]) == [1, 2], 30, "both replicas in sync")
    old_id = topic_znode(cluster, topic)["topic_id"]
    victim = 2 if cluster.controller() != 2 else 1
    survivor = 3 - victim
    metadata_file = cluster.brokers[victim].data_dir / f"{topic}-0" / "partition.metadata"
    assert metadata_file.read_text() == f"version: 0\ntopic_id: {old_id}\n"

    cluster.kill(victim, signal.SIGKILL)
    wait_for(lambda: victim not in cluster.registered_ids(), 30, f"broker {victim} to be gone")
    bootstrap = bootstrap_without(cluster, victim)
    deletion = tributary("topics", "delete", topic, "--bootstrap-server", bootstrap)
    assert deletion.returncode == 0, deletion.stdout + deletion.stderr
    wait_for(lambda: not cluster.zk.exists(f"/brokers/topics/{topic}"), 60, "the deletion to complete")
    # Created again the way any ZooKeeper tool can, with the stopped broker among the replicas.
    new_id = old_id
    while new_id == old_id or new_id.startswith("-"):
        new_id = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    cluster.zk.create(f"/brokers/topics/{topic}", json.dumps(
        {"version": 3, "topic_id": new_id, "partitions": {"0": [survivor, victim]},
         "adding_replicas": {}, "removing_replicas": {}}).encode())
    wait_for(lambda: (partition_state(cluster, topic, 0) or {}).get("leader") == survivor, 30, "a leader")
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "1", **QUIET})
    for index in range(5):
        producer.produce(topic, value=f"new-{index}".encode(), partition=0)
    assert producer.flush(30) == 0

    cluster.start_broker(victim)
    wait_for(lambda: sorted(partition_state(cluster, topic, 0)["isr"]) == [1, 2], 60, "the returned replica in sync")
    assert metadata_file.read_text() == f"version: 0\ntopic_id: {new_id}\n"
    cluster.brokers[victim].wait_for_log("the log is of a deleted topic")
    # Only the new topic's records, from the returned broker too once it leads.
    cluster.kill(survivor, signal.SIGKILL)
    wait_for(lambda: (partition_state(cluster, topic, 0) or {}).get("leader") == victim, 60, "the returned broker to lead")
    assert consume_all(cluster, topic, 1, 5) == {f"new-{index}".encode() for index in range(5)}


@pytest.mark.parametrize("case", [
    "malformed", "unknown-topic", "unknown-partition", "unknown-broker", "duplicate-broker",
    "empty-replicas", "log-dirs-length",
])
def test_invalid_plans_are_refused_and_change_nothing(make_cluster, tmp_path, case):
    cluster = make_cluster(brokers=3)
    cluster.wait_controller(30)
    topic = unique_topic()
    create_topic(cluster, topic, "1:2,2:1")
    entry = {"topic": topic, "partition": 0, "replicas": [2, 3]}
    plans = {
        "malformed": ('{"version":1,"partitions":[{"topic":', "malformed"),
        "unknown-topic": ([{**entry, "topic": "no-such-topic"}], "Unable to find partition: no-such-topic-0"),
        "unknown-partition": ([{**entry, "partition": 7}], f"Unable to find partition: {topic}-7"),
        "unknown-broker": ([{**entry, "replicas": [2, 9]}], "Unknown broker id 9"),
        "duplicate-broker": ([{**entry, "replicas": [3, 3]}], "duplicate entries"),
        "empty-replicas": ([{**entry, "replicas": []}], f"Partition {topic}-0 has an empty replica list"),
        "log-dirs-length": ([{**entry, "log_dirs": ["any"]}], "different from size of log dirs list"),
    }
    content, message = plans[case]
    path = tmp_path / "plan.json"
    path.write_text(content if isinstance(content, str) else json.dumps({"version": 1, "partitions": content}))
    before = cluster.zk.get(f"/brokers/topics/{topic}")
    result = tributary("reassign", "execute", "--reassignment-json-file", str(path),
                       "--bootstrap-server", cluster.bootstrap)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Successfully started" not in result.stdout
    after = cluster.zk.get(f"/brokers/topics/{topic}")
    assert after[0] == before[0] and after[1].version == before[1].version, "the topic znode changed"
    assert not cluster.zk.exists("/admin/reassign_partitions")


def test_generate_prints_current_and_a_balanced_proposal(make_cluster, tmp_path):
    cluster, topic = four_partitions_on_1_and_2(make_cluster)
    topics = tmp_path / "topics.json"
    topics.write_text(json.dumps({"version": 1, "topics": [{"topic": topic}]}))
    result = tributary("reassign", "generate", "--topics-to-move-json-file", str(topics),
                       "--broker-list", "3,4", "--bootstrap-server", cluster.bootstrap)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Current partition replica assignment"
    assert json.loads(lines[1])["partitions"][0] == {"topic": topic, "partition": 0, "replicas": [1, 2],
                                                     "log_dirs": ["any", "any"]}
    assert lines[2] == ""
    assert lines[3] == "Proposed partition reassignment configuration"
    proposed = json.loads(lines[4])["partitions"]
    assert [p["partition"] for p in proposed] == [0, 1, 2, 3]
    assert all(sorted(p["replicas"]) == [3, 4] for p in proposed)
    leaders = [p["replicas"][0] for p in proposed]
    assert leaders.count(3) == 2 and leaders.count(4) == 2, "leaders go round-robin"
    assert topic_znode(cluster, topic)["partitions"]["0"] == [1, 2], "generate changes nothing"

    duplicate = tributary("reassign", "generate", "--topics-to-move-json-file", str(topics),
                          "--broker-list", "3,3", "--bootstrap-server", cluster.bootstrap)
    assert duplicate.returncode != 0 and "Duplicate brokers" in duplicate.stderr


def kafka_rack_unaware(brokers: list[int], count: int, rf: int, start: int, shift: int,
                       first_partition: int) -> list[list[int]]:
    """AdminUtils.assignReplicasToBrokersRackUnaware with a fixed start index."""
    n = len(brokers)
    result = []
    for partition in range(first_partition, first_partition + count):
        if partition > 0 and partition % n == 0:
            shift += 1
        first = (partition + start) % n
        replicas = [brokers[first]]
        for j in range(rf - 1):
            replicas.append(brokers[(first + 1 + (shift + j) % (n - 1)) % n])
        result.append(replicas)
    return result


def test_topics_alter_adds_partitions_placed_like_kafka(make_cluster):
    cluster = make_cluster(brokers=4)
    cluster.wait_controller(30)
    topic = unique_topic()
    create_topic(cluster, topic, "2:3,3:4")
    result = tributary("topics", "alter", topic, "--partitions", "7", "--bootstrap-server", cluster.bootstrap)
    assert result.returncode == 0, result.stderr
    partitions = topic_znode(cluster, topic)["partitions"]
    assert sorted(int(p) for p in partitions) == list(range(7))
    # Kafka: start (and initial shift) = index of the first broker >= partition 0's leader, numbering on.
    expected = kafka_rack_unaware([1, 2, 3, 4], 5, 2, start=1, shift=1, first_partition=2)
    assert [partitions[str(p)] for p in range(2, 7)] == expected
    wait_for(lambda: all(partition_state(cluster, topic, p) for p in range(7)), 30, "leaders for new partitions")
    produce(cluster, topic, 70, 7)
    assert len(consume_all(cluster, topic, 7, 70)) == 70
    shrink = tributary("topics", "alter", topic, "--partitions", "3", "--bootstrap-server", cluster.bootstrap)
    assert shrink.returncode != 0


def test_throttle_sets_the_replica_lists_and_verify_clears_them(make_cluster, tmp_path):
    cluster, topic = four_partitions_on_1_and_2(make_cluster)
    produce(cluster, topic, 100, 4)
    plan = write_plan(tmp_path, plan_for(topic, {0: [1, 3], 1: [2, 1]}))
    result = tributary("reassign", "execute", "--reassignment-json-file", str(plan), "--throttle", "50000000",
                       "--bootstrap-server", cluster.bootstrap)
    assert result.returncode == 0, result.stderr
    assert ("Warning: You must run --verify periodically, until the reassignment completes, to ensure the "
            "throttle is removed.") in result.stdout
    config = cluster.read_json(f"/config/topics/{topic}")["config"]
    # Sources of each moving partition lead throttled; destinations that are not sources follow throttled.
    assert config["leader.replication.throttled.replicas"] == "0:1,0:2"
    assert config["follower.replication.throttled.replicas"] == "0:3"
    verify_until_complete(cluster, plan)
    config = cluster.read_json(f"/config/topics/{topic}")["config"]
    assert "leader.replication.throttled.replicas" not in config
    assert "follower.replication.throttled.replicas" not in config
    assert topic_znode(cluster, topic)["partitions"]["0"] == [1, 3]


# -- replication throttle -----------------------------------------------------------------

THROTTLE_RATE = 200_000  # bytes/s


def produce_bytes(cluster, topic: str, partition: int, total: int, size: int = 1000) -> None:
    """Writes about `total` bytes of incompressible values to one partition."""
    import os
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "linger.ms": 5, **QUIET})
    failures = []
    for _ in range(total // size):
        producer.produce(topic, value=os.urandom(size), partition=partition,
                         on_delivery=lambda error, _: error and failures.append(error))
        producer.poll(0)
    assert producer.flush(60) == 0
    assert not failures, failures[:3]


def log_bytes(broker, topic: str, partition: int) -> int:
    return sum(f.stat().st_size for f in (broker.data_dir / f"{topic}-{partition}").glob("*.log"))


def timed_move(cluster, tmp_path: Path, topic: str, partition: int, target: list[int], name: str,
               *throttle: str) -> tuple[float, Path]:
    """Starts moving one partition and returns the seconds until the controller finished, and the plan."""
    plan = write_plan(tmp_path, plan_for(topic, {partition: target}), name)
    started = time.monotonic()
    result = tributary("reassign", "execute", "--reassignment-json-file", str(plan), *throttle,
                       "--bootstrap-server", cluster.bootstrap)
    assert result.returncode == 0, result.stdout + result.stderr

    def done():
        znode = topic_znode(cluster, topic)
        return znode["partitions"][str(partition)] == target and not znode.get("adding_replicas")
    wait_for(done, 120, f"{topic}-{partition} to move to {target}", interval=0.05)
    return time.monotonic() - started, plan


def test_throttle_limits_the_catch_up_rate_and_verify_removes_it(make_cluster, tmp_path):
    cluster = make_cluster(brokers=3)
    cluster.wait_controller(30)
    topic = unique_topic("t")
    create_topic(cluster, topic, "1,1")
    for partition in (0, 1):
        produce_bytes(cluster, topic, partition, 2_000_000)
    size = log_bytes(cluster.brokers[1], topic, 1)
    assert size >= 1_900_000

    unthrottled, _ = timed_move(cluster, tmp_path, topic, 0, [2], "fast.json")

    throttled, plan = timed_move(cluster, tmp_path, topic, 1, [3], "slow.json",
                                 "--throttle", str(THROTTLE_RATE))
    # The rates went to every broker involved, as dynamic broker configs with change notifications.
    for broker in (1, 3):
        assert cluster.read_json(f"/config/brokers/{broker}")["config"] == {
            "leader.replication.throttled.rate": str(THROTTLE_RATE),
            "follower.replication.throttled.rate": str(THROTTLE_RATE)}
    # The leader on 1 and the follower on 3 each hold it to the rate: no faster than size/rate (20% slack for
    # the bucket's initial allowance and the last chunk's overdraft).
    assert throttled >= 0.8 * size / THROTTLE_RATE, (throttled, size)
    assert unthrottled < throttled / 2, (unthrottled, throttled)
    assert log_bytes(cluster.brokers[3], topic, 1) == size

    output = verify_until_complete(cluster, plan)
    assert "Clearing broker-level throttles on brokers 1,2,3" in output
    for broker in (1, 2, 3):
        assert (cluster.read_json(f"/config/brokers/{broker}") or {"config": {}})["config"] == {}


def test_throttle_rates_are_dynamic_broker_configs_and_static_keys_are_refused(make_cluster):
    from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource,
                                       ResourceType)
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})

    def alter(name: str, key: str, value: str):
        resource = ConfigResource(ResourceType.BROKER, name, incremental_configs=[
            ConfigEntry(key, value, incremental_operation=AlterConfigOpType.SET)])
        return admin.incremental_alter_configs([resource])[resource].result(30)

    with pytest.raises(KafkaException) as refused:
        alter("1", "log.dirs", "/elsewhere")
    assert refused.value.args[0].code() == KafkaError.INVALID_REQUEST
    assert "Cannot update these configs dynamically: log.dirs" in refused.value.args[0].str()

    alter("1", "follower.replication.throttled.rate", "12345")
    assert cluster.read_json("/config/brokers/1")["config"] == {"follower.replication.throttled.rate": "12345"}
    # The cluster default, written as Kafka's ZooKeeper-mode tools did: the entity znode, then a notification.
    cluster.zk.create("/config/brokers/<default>", json.dumps(
        {"version": 1, "config": {"leader.replication.throttled.rate": "777"}}).encode(), makepath=True)
    cluster.zk.create("/config/changes/config_change_", json.dumps(
        {"version": 2, "entity_path": "brokers/<default>"}).encode(), sequence=True)

    def described():
        resource = ConfigResource(ResourceType.BROKER, "1")
        configs = admin.describe_configs([resource])[resource].result(30)
        return {k: (configs[k].value, configs[k].source) for k in
                ("follower.replication.throttled.rate", "leader.replication.throttled.rate")}
    # Applied through the config-change watch: DYNAMIC_BROKER_CONFIG (2), DYNAMIC_DEFAULT_BROKER_CONFIG (3).
    wait_for(lambda: described() == {"follower.replication.throttled.rate": ("12345", 2),
                                     "leader.replication.throttled.rate": ("777", 3)}, 10, "dynamic rates described")
