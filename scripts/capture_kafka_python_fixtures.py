#!/usr/bin/env python3
"""Writes golden-byte fixtures encoded by kafka-python (an independent, schema-driven encoder).

For every API and version KafkaProtocol covers, fills a request and a response with deterministic
non-default values (walking kafka-python's own message description), encodes header + body, and writes
Tests/KafkaProtocolTests/Fixtures/<api>-v<version>-<request|response>-kafka-python.hex.
Run from the package root: python3 scripts/capture_kafka_python_fixtures.py
"""
import importlib
import os
import pkgutil
import re
import uuid

import kafka.protocol
from kafka.protocol.api_message import ApiMessage

# API name -> highest version covered (the lowest is always 0).
COVERED = {
    'ApiVersions': 3, 'Metadata': 12, 'Produce': 9, 'Fetch': 12, 'ListOffsets': 7, 'CreateTopics': 7,
    'DeleteTopics': 6, 'InitProducerId': 4, 'FindCoordinator': 4, 'CreatePartitions': 3, 'DescribeConfigs': 4,
    'AlterConfigs': 2, 'IncrementalAlterConfigs': 1, 'DeleteRecords': 2, 'OffsetForLeaderEpoch': 4,
    'DescribeCluster': 0, 'LeaderAndIsr': 5, 'UpdateMetadata': 7, 'StopReplica': 3, 'ControlledShutdown': 3,
    'ElectLeaders': 2, 'AlterPartitionReassignments': 0, 'ListPartitionReassignments': 0, 'OffsetCommit': 8,
    'OffsetFetch': 8, 'JoinGroup': 9, 'SyncGroup': 5, 'Heartbeat': 4, 'LeaveGroup': 5, 'ListGroups': 4,
    'DescribeGroups': 5, 'DeleteGroups': 2, 'OffsetDelete': 0,
}
OUT = 'Tests/KafkaProtocolTests/Fixtures'


def message_classes():
    found = {}
    for module in pkgutil.walk_packages(kafka.protocol.__path__, 'kafka.protocol.'):
        try:
            mod = importlib.import_module(module.name)
        except Exception:
            continue
        for value in vars(mod).values():
            if isinstance(value, type) and issubclass(value, ApiMessage) and getattr(value, '_json', None):
                found[value._json['name']] = value
    return found


def kebab(name):
    return re.sub(r'(?<!^)(?=[A-Z])', '-', name).lower()


class Filler:
    def __init__(self):
        self.counter = 0

    def next(self):
        self.counter += 1
        return self.counter

    def value(self, field, type_str, version, parent):
        n = self.next()
        if type_str.startswith('[]'):
            inner = type_str[2:]
            if field.is_struct_array():
                return [self.struct(self.element_class(field, parent), version)]
            return [self.value(field, inner, version, parent), self.value(field, inner, version, parent)]
        if type_str == 'int8':
            return n % 100 + 1
        if type_str in ('int16', 'int32', 'int64', 'uint16', 'uint32'):
            return n
        if type_str == 'bool':
            return True
        if type_str == 'float64':
            return n + 0.5
        if type_str == 'string':
            return 's%d' % n
        if type_str in ('bytes', 'records'):
            return bytes([n % 256, 171, 205])
        if type_str == 'uuid':
            return uuid.UUID(int=(n << 64) | (n + 1))
        if not (field.is_struct() or field.is_struct_array()):
            raise ValueError('unexpected type %s for %s' % (type_str, field.name))
        return self.struct(self.element_class(field, parent), version)

    @staticmethod
    def element_class(field, parent):
        # Nested classes hang off their parent class, named after the structure.
        return field.data_class or getattr(parent, field._json['type'].lstrip('[]'))

    def struct(self, data_class, version):
        values = {}
        for field in data_class._struct._fields:
            # kafka-python's "bitfield" (authorized operations, an int32 on the wire) keeps its default.
            if field.for_version_q(version) and field._json['type'] != 'bitfield':
                values[field.name] = self.value(field, field._json['type'], version, data_class)
        return data_class(version=version, **values)


def main():
    classes = message_classes()
    os.makedirs(OUT, exist_ok=True)
    written = 0
    for api, top in COVERED.items():
        for kind in ('Request', 'Response'):
            cls = classes.get(api + kind)
            if cls is None:
                print('kafka-python has no %s%s; skipped' % (api, kind))
                continue
            for version in range(0, top + 1):
                if api == 'ControlledShutdown' and kind == 'Request' and version == 0:
                    continue  # Kafka reads this one with request header v0 (no client id); kafka-python writes v1.
                filler = Filler()
                message = filler.struct(cls[version], version)
                message.with_header(correlation_id=1000 + version, client_id='kafka-python')
                data = message.encode(header=True)
                name = '%s-v%d-%s-kafka-python.hex' % (kebab(api), version, kind.lower())
                with open(os.path.join(OUT, name), 'w') as out:
                    out.write(data.hex() + '\n')
                written += 1
    print('wrote %d fixtures' % written)


if __name__ == '__main__':
    main()
