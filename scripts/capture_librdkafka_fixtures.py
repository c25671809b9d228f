#!/usr/bin/env python3
"""Captures the first request frames librdkafka (via confluent-kafka) sends to a broker.

A loopback listener answers the ApiVersions request with a response advertising the versions KafkaProtocol
covers (encoded by kafka-python), records the requests that follow (Metadata, ...), and writes them to
Tests/KafkaProtocolTests/Fixtures/<api>-v<version>-request-librdkafka.hex.
Run from the package root: python3 scripts/capture_librdkafka_fixtures.py
"""
import re
import socket
import struct
import threading

import confluent_kafka
from kafka.protocol.metadata import ApiVersionsResponse

ADVERTISED = {0: 9, 1: 12, 2: 7, 3: 12, 8: 8, 9: 8, 10: 4, 11: 9, 12: 4, 13: 5, 14: 5, 15: 5, 16: 4, 18: 3,
              19: 7, 20: 6, 21: 2, 22: 4, 23: 4, 32: 4, 33: 2, 37: 3, 42: 2, 43: 2, 44: 1, 47: 0, 60: 0}
NAMES = {0: 'Produce', 1: 'Fetch', 2: 'ListOffsets', 3: 'Metadata', 10: 'FindCoordinator', 18: 'ApiVersions',
         22: 'InitProducerId'}
OUT = 'Tests/KafkaProtocolTests/Fixtures'


def kebab(name):
    return re.sub(r'(?<!^)(?=[A-Z])', '-', name).lower()


def read_exact(conn, size):
    data = b''
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def serve(listener, captured, done):
    conn, _ = listener.accept()
    conn.settimeout(10)
    try:
        while len(captured) < 2:
            size = struct.unpack('>i', read_exact(conn, 4))[0]
            frame = read_exact(conn, size)
            key, version, correlation = struct.unpack('>hhi', frame[:8])
            captured.append((key, version, frame))
            if key == 18:
                keys = [ApiVersionsResponse.ApiVersion(api_key=k, min_version=0, max_version=v, version=version)
                        for k, v in sorted(ADVERTISED.items())]
                response = ApiVersionsResponse[version](error_code=0, api_keys=keys, throttle_time_ms=0)
                response.with_header(correlation_id=correlation)
                conn.sendall(response.encode(header=True, framed=True))
    except (EOFError, socket.timeout):
        pass
    finally:
        conn.close()
        done.set()


def main():
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    captured, done = [], threading.Event()
    threading.Thread(target=serve, args=(listener, captured, done), daemon=True).start()
    producer = confluent_kafka.Producer({'bootstrap.servers': '127.0.0.1:%d' % port, 'client.id': 'rdkafka-fixture',
                                         'enable.idempotence': False})
    producer.produce('orders', b'v')
    producer.poll(0)
    done.wait(15)
    for key, version, frame in captured:
        name = '%s-v%d-request-librdkafka.hex' % (kebab(NAMES.get(key, 'Api%d' % key)), version)
        with open('%s/%s' % (OUT, name), 'w') as out:
            out.write(frame.hex() + '\n')
        print('captured', name, len(frame), 'bytes')


if __name__ == '__main__':
    main()
