"""A transactional producer as a separate process, for the transaction tests (not a test itself).

    python3 txn_producer.py BOOTSTRAP TRANSACTIONAL_ID TOPIC COUNT TIMEOUT_MS

Initialises transactions, opens one, sends COUNT records to partition 0 of TOPIC, flushes, prints `OPEN`
and then waits forever without committing: SIGKILL leaves the transaction open, as a crashed producer does.
"""

from __future__ import annotations

import sys
import time

from confluent_kafka import Producer


def main() -> None:
    bootstrap, transactional_id, topic, count, timeout_ms = sys.argv[1:6]
    producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": transactional_id,
                         "transaction.timeout.ms": int(timeout_ms), "log_level": 3})
    producer.init_transactions(60)
    producer.begin_transaction()
    for n in range(int(count)):
        producer.produce(topic, value=f"open-{n}".encode(), partition=0)
    producer.flush(60)
    print("OPEN", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
