"""Broker logs: per-logger levels from the properties file and at run time through Kafka's BROKER_LOGGER config
resource, JSON lines, a log file rotated at its size limit."""

from __future__ import annotations

import json
import uuid

import kafka_wire as kw
from harness import run_tributary, wait_for

BROKER_LOGGER = 8
SET, DELETE, APPEND = 0, 1, 2
NONE, INVALID_CONFIG, INVALID_REQUEST = 0, 40, 42


def json_lines(path):
    """Every complete line of the log file, parsed (a line that is not one JSON object fails the test); a last
    line still being written is left for the next read."""
    if not path.exists():
        return []
    text = path.read_text()
    records = []
    for number, line in enumerate(text[:text.rfind("\n") + 1].splitlines(), 1):
        record = json.loads(line)
        assert isinstance(record, dict), f"{path}:{number} is not an object: {line!r}"
        assert set(record) >= {"timestamp", "level", "logger", "message", "metadata"}, line
        records.append(record)
    return records


def alter_loggers(broker, changes, resource_name=None, validate_only=False):
    """IncrementalAlterConfigs on this broker's BROKER_LOGGER resource: [(logger, operation, level)]."""
    answer = kw.request(broker.port, "IncrementalAlterConfigs", 1, {
        "Resources": [{"ResourceType": BROKER_LOGGER,
                       "ResourceName": str(broker.broker_id) if resource_name is None else resource_name,
                       "Configs": [{"Name": name, "ConfigOperation": operation, "Value": value}
                                   for name, operation, value in changes]}],
        "ValidateOnly": validate_only})
    (response,) = answer["Responses"]
    return response["ErrorCode"], response["ErrorMessage"]


def describe_loggers(broker):
    answer = kw.request(broker.port, "DescribeConfigs", 4, {
        "Resources": [{"ResourceType": BROKER_LOGGER, "ResourceName": str(broker.broker_id),
                       "ConfigurationKeys": None}]})
    (result,) = answer["Results"]
    assert result["ErrorCode"] == NONE, result["ErrorMessage"]
    return {entry["Name"]: entry["Value"] for entry in result["Configs"]}


def request_lines(records):
    return [r for r in records if r["logger"] == "tributary.request" and r["level"] == "DEBUG"
            and r["message"] == "request"]


def level_changed(record, logger):
    return record["message"] == "log level changed" and record["metadata"].get("logger") == logger


def test_levels_from_the_file_and_at_run_time_through_broker_logger(make_cluster):
    cluster = make_cluster()
    log = cluster.workdir / "broker-1.log"
    broker = cluster.start_broker(1, config={
        "tributary.log.level": "info",
        "tributary.log.level.controller": "debug",
        "tributary.log.format": "json",
        "tributary.log.file": log,
    })
    cluster.wait_controller(30)

    # The controller's debug lines appear (a topic creation gives it events); the request logger, at the root's
    # INFO, logs none of the requests.
    created = run_tributary("topics", "create", f"logged-{uuid.uuid4().hex[:8]}", "--partitions", "1",
                            "--replication-factor", "1", "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert created.returncode == 0, created.stderr
    wait_for(lambda: [r for r in json_lines(log) if r["logger"] == "tributary.controller" and r["level"] == "DEBUG"],
             30, "the controller's debug lines")
    records = json_lines(log)
    debug_loggers = {r["logger"] for r in records if r["level"] in ("DEBUG", "TRACE")}
    assert debug_loggers == {"tributary.controller"}, debug_loggers
    assert any(r["message"] == "broker started" for r in records)
    # State changes an operator looks for are logged once, at INFO, with their ids.
    (elected,) = [r for r in records if r["message"] == "elected controller"]
    assert elected["level"] == "INFO" and int(elected["metadata"]["epoch"]) >= 1, elected
    (registered,) = [r for r in records if r["message"] == "registered broker"]
    assert registered["metadata"]["broker"] == "1" and int(registered["metadata"]["epoch"]) > 0, registered
    assert "tributary.broker" not in cluster.brokers[1].stderr(), "with a log file, lines go to the file only"

    # BROKER_LOGGER lists every logger with the level that applies to it.
    levels = describe_loggers(broker)
    assert levels["root"] == "INFO"
    assert levels["tributary.controller"] == "DEBUG"
    assert levels["tributary.request"] == "INFO"
    assert levels["tributary.groups"] == "INFO"

    # SET takes effect at once, without a restart.
    assert alter_loggers(broker, [("tributary.request", SET, "DEBUG")]) == (NONE, None)
    kw.request(broker.port, "Metadata", 1, {"Topics": []})
    wait_for(lambda: request_lines(json_lines(log)), 15, "request debug lines after SET")
    assert describe_loggers(broker)["tributary.request"] == "DEBUG"
    assert cluster.brokers[1].is_running()

    # DELETE returns the logger to its parent's level: the requests after it are not logged. The log is written
    # in order, so once a later line (another level change) is in the file, any request line would be too.
    assert alter_loggers(broker, [("tributary.request", DELETE, None)]) == (NONE, None)
    for _ in range(3):
        kw.request(broker.port, "Metadata", 1, {"Topics": []})
    assert alter_loggers(broker, [("tributary.cleaner", SET, "WARN")]) == (NONE, None)
    records = wait_for(lambda: (lambda rs: rs if any(level_changed(r, "tributary.cleaner") for r in rs) else None)(
        json_lines(log)), 15, "the later level change in the log")
    deleted_at = max(i for i, r in enumerate(records) if level_changed(r, "tributary.request"))
    assert records[deleted_at]["metadata"]["level"] == "inherited"
    assert request_lines(records[deleted_at:]) == []
    assert describe_loggers(broker)["tributary.request"] == "INFO"

    # Kafka's refusals, and a refused change leaves every level as it was.
    assert alter_loggers(broker, [("tributary.nonsense", SET, "DEBUG")])[0] == INVALID_CONFIG
    assert alter_loggers(broker, [("tributary.request", SET, "LOUD")])[0] == INVALID_CONFIG
    assert alter_loggers(broker, [("tributary.request", SET, "debug")])[0] == INVALID_CONFIG
    assert alter_loggers(broker, [("root", DELETE, None)])[0] == INVALID_REQUEST
    assert alter_loggers(broker, [("tributary.request", APPEND, "DEBUG")])[0] == INVALID_REQUEST
    assert alter_loggers(broker, [("tributary.request", SET, "DEBUG")], resource_name="99")[0] == INVALID_REQUEST
    assert alter_loggers(broker, [("tributary.request", SET, "DEBUG"), ("nope", SET, "DEBUG")])[0] == INVALID_CONFIG
    assert alter_loggers(broker, [("tributary.request", SET, "TRACE")], validate_only=True) == (NONE, None)
    assert describe_loggers(broker)["tributary.request"] == "INFO"

    # The root level moves every logger without one of its own.
    assert alter_loggers(broker, [("root", SET, "WARN")]) == (NONE, None)
    levels = describe_loggers(broker)
    assert (levels["root"], levels["tributary.request"], levels["tributary.controller"]) == ("WARN", "WARN", "DEBUG")


def test_log_file_rotates_at_its_size_limit(make_cluster):
    cluster = make_cluster()
    log = cluster.workdir / "rotating.log"
    limit = 8192
    broker = cluster.start_broker(1, config={
        "tributary.log.level": "debug",  # every request is a line: the file fills quickly
        "tributary.log.file": log,
        "tributary.log.file.max.bytes": limit,
        "tributary.log.file.max.backups": 2,
    })

    def rotated_twice():
        for _ in range(20):
            kw.request(broker.port, "Metadata", 1, {"Topics": []})
        return log.with_name("rotating.log.2").exists()

    wait_for(rotated_twice, 60, "two rotations")
    for _ in range(200):
        kw.request(broker.port, "Metadata", 1, {"Topics": []})
    files = sorted(p.name for p in log.parent.iterdir() if p.name.startswith("rotating.log"))
    assert files == ["rotating.log", "rotating.log.1", "rotating.log.2"], files
    for name in files:
        size = (log.parent / name).stat().st_size
        assert size <= limit, f"{name} is {size} bytes, past the {limit}-byte limit"
    # Plain lines (the default format), whole: each rotated file ends with a complete line.
    assert (log.parent / "rotating.log.1").read_text().endswith("\n")
    assert " debug tributary.request: " in (log.parent / "rotating.log.1").read_text()
    assert broker.is_running()
