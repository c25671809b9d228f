"""One consumer-group member as a separate process, for the group tests (not a test itself).

    python3 group_member.py confluent|kafka-python BOOTSTRAP GROUP TOPIC [SESSION_TIMEOUT_MS]

Prints one line per assignment change, `ASSIGNED [partitions...]` (the full assignment: both clients
use the eager `range` assignor), `REVOKED`, then `CLOSED` after a clean close on SIGTERM. Records
consumed are not committed. SIGKILL leaves the group without a word, as a crashed member does.
"""

from __future__ import annotations

import json
import signal
import sys
import time

stopping = False


def on_sigterm(*_):
    global stopping
    stopping = True


def say(line: str) -> None:
    print(line, flush=True)


def run_confluent(bootstrap: str, group: str, topic: str, session_ms: int) -> None:
    from confluent_kafka import Consumer
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "client.id": "member-confluent",
        "partition.assignment.strategy": "range", "session.timeout.ms": session_ms,
        "heartbeat.interval.ms": 500, "enable.auto.commit": False, "auto.offset.reset": "earliest",
        # Partition growth reaches members through metadata: refresh every second, not every 5 minutes.
        "topic.metadata.refresh.interval.ms": 1000,
        # The group protocol's steps, to stderr: the test keeps them for a failing report.
        "debug": "cgrp", "log_level": 7,
    })
    consumer.subscribe(
        [topic],
        on_assign=lambda _, partitions: say(f"ASSIGNED {json.dumps(sorted(p.partition for p in partitions))}"),
        on_revoke=lambda _, partitions: say("REVOKED"))
    while not stopping:
        consumer.poll(0.1)
    consumer.close()
    say("CLOSED")


def run_kafka_python(bootstrap: str, group: str, topic: str, session_ms: int) -> None:
    import logging
    # The coordinator's steps, to stderr: the test keeps them for a failing report.
    logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("kafka.coordinator").setLevel(logging.DEBUG)
    # ...but not the per-poll `need_rejoin` line, which would bury them.
    logging.getLogger().handlers[0].addFilter(lambda record: not record.getMessage().startswith("need_rejoin"))
    from kafka import KafkaConsumer
    from kafka.consumer.subscription_state import ConsumerRebalanceListener
    from kafka.coordinator.assignors.range import RangePartitionAssignor

    class Listener(ConsumerRebalanceListener):
        def on_partitions_revoked(self, revoked):
            say("REVOKED")

        def on_partitions_assigned(self, assigned):
            say(f"ASSIGNED {json.dumps(sorted(p.partition for p in assigned))}")

    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, client_id="member-kafka-python",
        partition_assignment_strategy=[RangePartitionAssignor], session_timeout_ms=session_ms,
        # Metadata at kafka-python's default age: a refresh that changes what it sees makes it rejoin, and the
        # tests that grow topics use librdkafka members.
        heartbeat_interval_ms=500, enable_auto_commit=False, auto_offset_reset="earliest")
    # Learn the topic's partitions before joining. kafka-python 3.0 loses a join when the leader rejoins because
    # metadata arrived (its first join saw no partitions) and a poll's timeout expires mid-join: the finished
    # join is never applied, the listener never called, and heartbeats stay off until the broker expires the
    # member. Joining with the metadata already known avoids that rejoin.
    deadline = time.monotonic() + 30
    while not consumer.partitions_for_topic(topic) and time.monotonic() < deadline:
        time.sleep(0.1)
    consumer.subscribe([topic], listener=Listener())
    while not stopping:
        consumer.poll(timeout_ms=100)
    consumer.close()
    say("CLOSED")


def main() -> None:
    client, bootstrap, group, topic = sys.argv[1:5]
    session_ms = int(sys.argv[5]) if len(sys.argv) > 5 else 6000
    signal.signal(signal.SIGTERM, on_sigterm)
    say("STARTED")
    if client == "confluent":
        run_confluent(bootstrap, group, topic, session_ms)
    else:
        run_kafka_python(bootstrap, group, topic, session_ms)


if __name__ == "__main__":
    main()
