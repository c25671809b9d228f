"""A small hand-written Kafka wire codec for hostile-input tests.

It reads the broker's own schema files (Sources/ProtocolGenerator/Schemas, the format described in
Sources/ProtocolCodegen/Schema.swift), encodes requests and decodes responses from them, and frames
them (size prefix, request header v1/v2, response header v0/v1). Everything is deliberately
independent of the broker's Swift code, so a test can also write bytes the broker would never
produce: boundary values, invalid UTF-8, lying lengths, unknown tagged fields, truncated bodies.

    schemas = load_schemas()
    with Connection(port) as conn:
        answer = conn.request(schemas.request("FindCoordinator"), 1, {"Key": "g", "KeyType": 0})

Also: a table-driven CRC-32C and a record batch (magic 2) builder.
"""

from __future__ import annotations

import itertools
import select
import socket
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "Sources" / "ProtocolGenerator" / "Schemas"

PRIMITIVES = {"int8", "int16", "int32", "int64", "uint16", "uint32", "bool", "float64", "string",
              "bytes", "records", "uuid"}
INT_RANGES = {"int8": (-2**7, 2**7 - 1), "int16": (-2**15, 2**15 - 1), "int32": (-2**31, 2**31 - 1),
              "int64": (-2**63, 2**63 - 1), "uint16": (0, 2**16 - 1), "uint32": (0, 2**32 - 1)}
INT_FORMATS = {"int8": ">b", "int16": ">h", "int32": ">i", "int64": ">q", "uint16": ">H", "uint32": ">I",
               "float64": ">d"}
INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1

# ---------------------------------------------------------------------------------------
# CRC-32C (Castagnoli), table driven


def _crc32c_table() -> list[int]:
    table = []
    for n in range(256):
        crc = n
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C = _crc32c_table()


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # the standard check value

# ---------------------------------------------------------------------------------------
# Primitive encodings


def uvarint(value: int) -> bytes:
    value &= 0xFFFFFFFFFFFFFFFF
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def varint(value: int) -> bytes:
    """Zig-zag varint / varlong (record fields)."""
    return uvarint((value << 1) ^ (value >> 63))


def read_uvarint(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def wrap16(n: int) -> int:
    return ((n + 0x8000) & 0xFFFF) - 0x8000


def wrap32(n: int) -> int:
    return ((n + 0x80000000) & 0xFFFFFFFF) - 0x80000000


@dataclass
class Repeat:
    """An array value: `item` `count` times (encoded once, repeated)."""
    item: Any
    count: int


@dataclass
class Raw:
    """Bytes written verbatim in place of a field's encoding (lying lengths, odd bools...)."""
    data: bytes


# ---------------------------------------------------------------------------------------
# Schemas


def _range(text: str) -> tuple[int, Optional[int]]:
    if text.endswith("+"):
        return int(text[:-1]), None
    if "-" in text:
        low, high = text.split("-")
        return int(low), int(high)
    return int(text), int(text)


def _in(rng: Optional[tuple[int, Optional[int]]], version: int) -> bool:
    if rng is None:
        return False
    low, high = rng
    return version >= low and (high is None or version <= high)


@dataclass
class Field:
    name: str
    type: str
    versions: tuple[int, Optional[int]]
    nullable: Optional[tuple[int, Optional[int]]] = None
    tag: Optional[int] = None
    tagged: Optional[tuple[int, Optional[int]]] = None
    default: Optional[str] = None
    children: list["Field"] = field(default_factory=list)

    @property
    def is_array(self) -> bool:
        return self.type.startswith("[]")

    @property
    def element(self) -> str:
        return self.type[2:] if self.is_array else self.type

    @property
    def element_is_struct(self) -> bool:
        return self.element not in PRIMITIVES

    def present(self, version: int) -> bool:
        return _in(self.versions, version)

    def is_nullable(self, version: int) -> bool:
        return _in(self.nullable, version)

    def is_tagged(self, version: int, flexible: bool) -> bool:
        return flexible and self.tag is not None and _in(self.tagged, version)


@dataclass
class Message:
    name: str
    is_request: bool
    api_key: int
    max_version: int
    first_flexible: Optional[int]
    fields: list[Field] = field(default_factory=list)
    structs: dict[str, list[Field]] = field(default_factory=dict)

    def flexible(self, version: int) -> bool:
        return self.first_flexible is not None and version >= self.first_flexible

    def children_of(self, f: Field) -> list[Field]:
        return f.children if f.children else self.structs.get(f.element, [])

    def all_fields(self) -> list[tuple[str, Field]]:
        """Every field with its dotted path (common structs expanded where used)."""
        out = []

        def walk(fields, prefix, depth=0):
            for f in fields:
                out.append((prefix + f.name, f))
                if f.element_is_struct and depth < 8:
                    walk(self.children_of(f), prefix + f.name + ".", depth + 1)
        walk(self.fields, "")
        return out


class Schemas:
    def __init__(self, directory: Path = SCHEMA_DIR):
        self.messages: dict[str, Message] = {}
        self.api_names: dict[int, str] = {}
        self.header_flexible: dict[int, Optional[int]] = {}
        for line in (directory / "ApiKeys.schema").read_text().splitlines():
            if not line or line.startswith("#"):
                continue
            name, key, flexible = line.split()
            self.api_names[int(key)] = name
            self.header_flexible[int(key)] = None if flexible == "none" else _range(flexible)[0]
        for path in sorted(directory.glob("*.schema")):
            if path.name != "ApiKeys.schema":
                for message in parse_schema(path.read_text(), path.name):
                    self.messages[message.name] = message

    def request(self, api: str | int) -> Message:
        name = self.api_names[api] if isinstance(api, int) else api
        return self.messages[name + "Request"]

    def response(self, api: str | int) -> Message:
        name = self.api_names[api] if isinstance(api, int) else api
        return self.messages[name + "Response"]

    def has_request(self, api_key: int) -> bool:
        return api_key in self.api_names and (self.api_names[api_key] + "Request") in self.messages

    def request_header_version(self, api_key: int, version: int) -> int:
        if api_key == 7 and version == 0:
            return 0
        first = self.header_flexible.get(api_key)
        return 2 if first is not None and version >= first else 1

    def response_header_version(self, api_key: int, version: int) -> int:
        if api_key == 18:
            return 0
        first = self.header_flexible.get(api_key)
        return 1 if first is not None and version >= first else 0


def parse_schema(text: str, filename: str = "?") -> list[Message]:
    messages: list[Message] = []
    stack: list[tuple[int, Field]] = []
    struct_name: Optional[str] = None

    def close(down_to: int) -> None:
        while stack and stack[-1][0] >= down_to:
            _, top = stack.pop()
            if stack:
                stack[-1][1].children.append(top)
            elif struct_name is not None:
                messages[-1].structs[struct_name].append(top)
            else:
                messages[-1].fields.append(top)

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        content = line.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        words = content.split()
        if indent == 0:
            close(0)
            struct_name = None
            attrs = dict(w.split("=", 1) for w in words[2:])
            flexible = attrs["flexible"]
            messages.append(Message(
                name=words[1], is_request=words[0] == "request", api_key=int(attrs["key"]),
                max_version=_range(attrs["versions"])[1],
                first_flexible=None if flexible == "none" else _range(flexible)[0]))
        elif words[0] == "struct" and indent == 2:
            close(0)
            struct_name = words[1]
            messages[-1].structs[struct_name] = []
        else:
            if indent == 2:
                close(0)
                struct_name = None
            close(indent)
            attrs = dict(w.split("=", 1) for w in words[3:])
            f = Field(name=words[0], type=words[1], versions=_range(words[2][1:]))
            if "nullable" in attrs:
                f.nullable = _range(attrs["nullable"])
            if "tag" in attrs:
                f.tag = int(attrs["tag"])
                f.tagged = _range(attrs["tagged"])
            f.default = attrs.get("default")
            stack.append((indent, f))
    close(0)
    return messages


# ---------------------------------------------------------------------------------------
# Encoding


class Encoder:
    """Encodes a message body from nested dicts keyed by field name. Missing fields take the
    schema default (or zero / empty). Strings may be str or bytes (bytes are written as is, so
    invalid UTF-8 is possible); any field may be a `Raw`. `extra_tags` [(tag, bytes)] are added
    to every tagged-field section of a flexible version."""

    def __init__(self, message: Message, version: int, extra_tags: Optional[list[tuple[int, bytes]]] = None):
        self.message = message
        self.version = version
        self.flexible = message.flexible(version)
        self.extra_tags = extra_tags or []

    def encode(self, values: dict) -> bytes:
        return self._struct(self.message.fields, values or {})

    def _struct(self, fields: list[Field], values: dict) -> bytes:
        out = bytearray()
        tagged: list[tuple[int, bytes]] = []
        for f in fields:
            if not f.present(self.version):
                continue
            if f.is_tagged(self.version, self.flexible):
                if f.name in values:
                    tagged.append((f.tag, self._value(f, values[f.name])))
                continue
            out += self._value(f, values.get(f.name, _default(f, self.version)))
        if self.flexible:
            tags = sorted(tagged + list(self.extra_tags), key=lambda t: t[0])
            out += uvarint(len(tags))
            for tag, data in tags:
                out += uvarint(tag) + uvarint(len(data)) + data
        return bytes(out)

    def _length(self, n: Optional[int], wide: bool) -> bytes:
        if self.flexible:
            return uvarint(0 if n is None else n + 1)
        if n is None:
            n = -1
        return struct.pack(">i", wrap32(n)) if wide else struct.pack(">h", wrap16(n))

    def _value(self, f: Field, value: Any) -> bytes:
        if isinstance(value, Raw):
            return value.data
        if f.is_array:
            if value is None:
                return self._length(None, wide=True)
            if isinstance(value, Repeat):
                return self._length(value.count, wide=True) + self._element(f, value.item) * value.count
            out = bytearray(self._length(len(value), wide=True))
            for item in value:
                out += self._element(f, item)
            return bytes(out)
        return self._element(f, value)

    def _element(self, f: Field, value: Any) -> bytes:
        if isinstance(value, Raw):
            return value.data
        kind = f.element
        if kind in INT_FORMATS:
            if kind == "float64":
                return struct.pack(">d", float(value))
            low, high = INT_RANGES[kind]
            span = high - low + 1
            value = ((int(value) - low) % span) + low
            return struct.pack(INT_FORMATS[kind], value)
        if kind == "bool":
            return b"\x01" if value else b"\x00"
        if kind == "uuid":
            return bytes(value) if isinstance(value, (bytes, bytearray)) else bytes(16)
        if kind == "string":
            if value is None:
                return self._length(None, wide=False)
            data = value.encode() if isinstance(value, str) else bytes(value)
            return self._length(len(data), wide=False) + data
        if kind in ("bytes", "records"):
            if value is None:
                return self._length(None, wide=True)
            data = bytes(value)
            return self._length(len(data), wide=True) + data
        # a structure
        return self._struct(self.message.children_of(f), value or {})


def _default(f: Field, version: int) -> Any:
    if f.is_array:
        return []
    d = f.default
    if d == "null":
        return None
    if f.element in INT_RANGES or f.element == "float64":
        if d is None:
            return 0
        return int(d, 0)
    if f.element == "bool":
        return d == "true"
    if f.element == "string":
        return "" if d in (None, '""') else d
    if f.element in ("bytes", "records"):
        return b""
    if f.element == "uuid":
        return bytes(16)
    return {}


def encode_body(message: Message, version: int, values: dict, extra_tags=None) -> bytes:
    return Encoder(message, version, extra_tags).encode(values)


def request_header(schemas: Schemas, api_key: int, version: int, correlation_id: int,
                   client_id: Optional[str] = "hostile-test", extra_tags=None) -> bytes:
    header = struct.pack(">hhi", wrap16(api_key), wrap16(version), wrap32(correlation_id))
    header_version = schemas.request_header_version(api_key, version) if api_key in schemas.api_names else 1
    if header_version >= 1:
        if client_id is None:
            header += struct.pack(">h", -1)
        else:
            data = client_id.encode()
            header += struct.pack(">h", len(data)) + data
    if header_version >= 2:
        tags = sorted(extra_tags or [], key=lambda t: t[0])
        header += uvarint(len(tags)) + b"".join(uvarint(t) + uvarint(len(d)) + d for t, d in tags)
    return header


def frame(payload: bytes) -> bytes:
    return struct.pack(">i", len(payload)) + payload


def request_frame(schemas: Schemas, api_key: int, version: int, correlation_id: int, body: bytes,
                  extra_tags=None) -> bytes:
    return frame(request_header(schemas, api_key, version, correlation_id, extra_tags=extra_tags) + body)


# ---------------------------------------------------------------------------------------
# Decoding


class Decoder:
    def __init__(self, message: Message, version: int, data: bytes, pos: int = 0):
        self.message = message
        self.version = version
        self.flexible = message.flexible(version)
        self.data = data
        self.pos = pos

    def _take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError(f"truncated: need {n} bytes at {self.pos} of {len(self.data)}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def _uvarint(self) -> int:
        value, self.pos = read_uvarint(self.data, self.pos)
        return value

    def _length(self, wide: bool) -> Optional[int]:
        if self.flexible:
            n = self._uvarint()
            return None if n == 0 else n - 1
        n = struct.unpack(">i" if wide else ">h", self._take(4 if wide else 2))[0]
        if n < -1:
            raise ValueError(f"negative length {n}")
        return None if n == -1 else n

    def decode(self) -> dict:
        return self._struct(self.message.fields)

    def _struct(self, fields: list[Field]) -> dict:
        out: dict[str, Any] = {}
        by_tag = {}
        for f in fields:
            if not f.present(self.version):
                continue
            if f.is_tagged(self.version, self.flexible):
                by_tag[f.tag] = f
                continue
            out[f.name] = self._value(f)
        if self.flexible:
            for _ in range(self._uvarint()):
                tag = self._uvarint()
                size = self._uvarint()
                end = self.pos + size
                if tag in by_tag:
                    out[by_tag[tag].name] = self._value(by_tag[tag])
                self.pos = end
        return out

    def _value(self, f: Field) -> Any:
        if f.is_array:
            n = self._length(wide=True)
            if n is None:
                return None
            return [self._element(f) for _ in range(n)]
        return self._element(f)

    def _element(self, f: Field) -> Any:
        kind = f.element
        if kind in INT_FORMATS:
            fmt = INT_FORMATS[kind]
            return struct.unpack(fmt, self._take(struct.calcsize(fmt)))[0]
        if kind == "bool":
            return self._take(1) != b"\x00"
        if kind == "uuid":
            return self._take(16)
        if kind == "string":
            n = self._length(wide=False)
            return None if n is None else self._take(n).decode(errors="replace")
        if kind in ("bytes", "records"):
            n = self._length(wide=True)
            return None if n is None else self._take(n)
        return self._struct(self.message.children_of(f))


def decode_response(schemas: Schemas, api_key: int, version: int, payload: bytes) -> tuple[int, dict]:
    """(correlation id, body) of a response frame's payload (size prefix stripped). Raises
    ValueError when the bytes do not parse or bytes are left over."""
    correlation_id = struct.unpack_from(">i", payload)[0]
    pos = 4
    if schemas.response_header_version(api_key, version) >= 1:
        count, pos = read_uvarint(payload, pos)
        for _ in range(count):
            _, pos = read_uvarint(payload, pos)
            size, pos = read_uvarint(payload, pos)
            pos += size
    decoder = Decoder(schemas.response(api_key), version, payload, pos)
    body = decoder.decode()
    if decoder.pos != len(payload):
        raise ValueError(f"{len(payload) - decoder.pos} bytes left over after the response body")
    return correlation_id, body


# ---------------------------------------------------------------------------------------
# Connections


class ConnectionClosed(Exception):
    """The broker closed the connection (EOF or reset) instead of answering."""


_correlation = itertools.count(1000)


class Connection:
    """A plain TCP connection to a broker that sends frames and reads answers."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 10, schemas: Optional[Schemas] = None):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.schemas = schemas or load_schemas()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError) as error:
            raise ConnectionClosed(f"send failed: {error!r}") from error

    def recv_exactly(self, count: int, deadline: float) -> bytes:
        chunks = bytearray()
        while len(chunks) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no complete answer within {self.timeout}s ({len(chunks)}/{count} bytes)")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(min(count - len(chunks), 1 << 20))
            except socket.timeout:
                continue
            except ConnectionResetError as error:
                raise ConnectionClosed(f"connection reset: {error!r}") from error
            if not chunk:
                raise ConnectionClosed(f"EOF after {len(chunks)}/{count} bytes")
            chunks += chunk
        return bytes(chunks)

    def read_frame(self, timeout: Optional[float] = None) -> bytes:
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        size = struct.unpack(">i", self.recv_exactly(4, deadline))[0]
        if size < 4:
            raise ValueError(f"response frame of size {size}")
        return self.recv_exactly(size, deadline)

    def request_raw(self, api_key: int, version: int, body: bytes, correlation_id: Optional[int] = None,
                    timeout: Optional[float] = None, extra_tags=None) -> tuple[int, bytes]:
        correlation_id = next(_correlation) if correlation_id is None else correlation_id
        self.send(request_frame(self.schemas, api_key, version, correlation_id, body, extra_tags))
        payload = self.read_frame(timeout)
        return correlation_id, payload

    def request(self, api: str | int, version: int, values: dict, timeout: Optional[float] = None) -> dict:
        """Sends a request encoded from `values` and returns the decoded response body; checks
        the correlation id and that the response parses completely."""
        message = self.schemas.request(api)
        body = encode_body(message, version, values)
        correlation_id, payload = self.request_raw(message.api_key, version, body, timeout=timeout)
        answered_id, decoded = decode_response(self.schemas, message.api_key, version, payload)
        if answered_id != correlation_id:
            raise ValueError(f"answer has correlation id {answered_id}, expected {correlation_id}")
        return decoded


_schemas: Optional[Schemas] = None


def load_schemas() -> Schemas:
    global _schemas
    if _schemas is None:
        _schemas = Schemas()
    return _schemas


def request(port: int, api: str | int, version: int, values: dict, timeout: float = 10) -> dict:
    """One request on a fresh connection."""
    with Connection(port, timeout=timeout) as conn:
        return conn.request(api, version, values, timeout=timeout)


# ---------------------------------------------------------------------------------------
# Record batches (magic 2)


def record(value: Optional[bytes], key: Optional[bytes] = None, timestamp_delta: int = 0,
           offset_delta: int = 0, attributes: int = 0) -> bytes:
    body = bytearray(struct.pack(">b", attributes))
    body += varint(timestamp_delta) + varint(offset_delta)
    for part in (key, value):
        if part is None:
            body += varint(-1)
        else:
            body += varint(len(part)) + part
    body += varint(0)  # headers
    return varint(len(body)) + bytes(body)


def record_batch(records: list[bytes], base_offset: int = 0, base_timestamp: int = 0,
                 max_timestamp: Optional[int] = None, last_offset_delta: Optional[int] = None,
                 attributes: int = 0, producer_id: int = -1, producer_epoch: int = -1,
                 base_sequence: int = -1, partition_leader_epoch: int = -1,
                 record_count: Optional[int] = None, magic: int = 2, crc: Optional[int] = None) -> bytes:
    """A v2 record batch with a correct CRC-32C (unless `crc` is given)."""
    if max_timestamp is None:
        max_timestamp = base_timestamp
    if last_offset_delta is None:
        last_offset_delta = max(len(records) - 1, 0)
    after_crc = (struct.pack(">hiqqqhii", wrap16(attributes), wrap32(last_offset_delta),
                             _wrap64(base_timestamp), _wrap64(max_timestamp), _wrap64(producer_id),
                             wrap16(producer_epoch), wrap32(base_sequence),
                             wrap32(len(records) if record_count is None else record_count))
                 + b"".join(records))
    checksum = crc32c(after_crc) if crc is None else crc & 0xFFFFFFFF
    after_length = struct.pack(">ibI", wrap32(partition_leader_epoch), magic, checksum) + after_crc
    return struct.pack(">qi", _wrap64(base_offset), len(after_length)) + after_length


def _wrap64(n: int) -> int:
    return ((n + 2**63) & (2**64 - 1)) - 2**63


def batch_records(data: Optional[bytes]) -> list[tuple[int, bytes]]:
    """(base offset, batch bytes) of each complete batch in a records blob."""
    batches = []
    pos = 0
    while data and pos + 12 <= len(data):
        base_offset, length = struct.unpack_from(">qi", data, pos)
        if length <= 0 or pos + 12 + length > len(data):
            break
        batches.append((base_offset, data[pos:pos + 12 + length]))
        pos += 12 + length
    return batches


# ---------------------------------------------------------------------------------------
# Hostile variants for the sweep


INVALID_UTF8 = b"\xff\xfe\xc3\x28\xed\xa0\x80\xf8\x88\x80\x80\x80"


class VariantBuilder:
    """Builds request bodies for one (message, version) with boundary values in every field.

    Variants (each a (name, body bytes, extra header tags)):
      zero      every integer 0, strings "", arrays of one element (so nested fields appear)
      minus1    every integer -1, nullable strings/arrays/bytes null, other strings "hostile"
      min       every integer at its minimum, strings "\\0", bools 0xff
      max       every integer at its maximum, strings at maximum length, bytes 100 KiB
      many      top-level arrays long (100k primitives, 50k structures), nested ones 2 elements
      lie       every length claims far more than follows (arrays 2^31-1, strings 32767)
      negative  every length a negative number other than -1
      utf8      every string invalid UTF-8
      tags      (flexible) unknown tagged fields everywhere, one of 64 KiB; else trailing garbage
      truncated the zero variant cut in half
    """

    def __init__(self, message: Message, version: int):
        self.message = message
        self.version = version
        self.flexible = message.flexible(version)

    def variants(self) -> list[tuple[str, bytes, Optional[list]]]:
        out = []
        for name in ("zero", "minus1", "min", "max", "many", "utf8"):
            out.append((name, encode_body(self.message, self.version, self.values(name)), None))
        out.append(("lie", self._lying(huge=True), None))
        out.append(("negative", self._lying(huge=False), None))
        zero = encode_body(self.message, self.version, self.values("zero"))
        if self.flexible:
            tags = [(7, b"\x00"), (99, b"\xff" * 65536), (2**31 - 1, b"x")]
            out.append(("tags", encode_body(self.message, self.version, self.values("zero"), extra_tags=tags), tags))
        else:
            out.append(("trailing", zero + b"\xde\xad" * 500, None))
        out.append(("truncated", zero[: len(zero) // 2], None))
        return out

    # values -------------------------------------------------------------------------

    def values(self, variant: str) -> dict:
        return self._struct(self.message.fields, variant, 0)

    def _struct(self, fields: list[Field], variant: str, depth: int) -> dict:
        out = {}
        for f in fields:
            if f.present(self.version):
                out[f.name] = self._field(f, variant, depth)
        return out

    def _field(self, f: Field, variant: str, depth: int) -> Any:
        nullable = f.is_nullable(self.version)
        if f.is_array:
            if variant == "minus1" and nullable:
                return None
            if variant == "many":
                count = (100_000 if not f.element_is_struct else 50_000) if depth == 0 else 2
            else:
                count = 1
            if not f.element_is_struct:
                one = self._scalar(f, variant, nullable=False)
            else:
                one = self._struct(self.message.children_of(f), variant, depth + 1)
            return Repeat(one, count) if count > 1 else [one]
        if f.element_is_struct:
            return self._struct(self.message.children_of(f), variant, depth + 1)
        return self._scalar(f, variant, nullable)

    def _scalar(self, f: Field, variant: str, nullable: bool) -> Any:
        kind = f.element
        if kind in INT_RANGES:
            low, high = INT_RANGES[kind]
            return {"zero": 0, "minus1": -1, "min": low, "max": high, "many": 0, "utf8": 0}[variant]
        if kind == "float64":
            return {"zero": 0.0, "minus1": -1.0, "min": float("-inf"), "max": float("nan")}.get(variant, 0.0)
        if kind == "bool":
            return {"min": Raw(b"\xff"), "max": True, "minus1": True}.get(variant, False)
        if kind == "uuid":
            return b"\xff" * 16 if variant in ("minus1", "max") else bytes(16)
        if kind == "string":
            if variant == "minus1":
                return None if nullable else "hostile"
            if variant == "min":
                return "\x00"
            if variant == "max":
                return "x" * (100_000 if self.flexible else 32767)
            if variant == "utf8":
                return INVALID_UTF8
            if variant == "many":
                return "m"
            return ""
        if kind in ("bytes", "records"):
            if variant == "minus1":
                return None if nullable else b""
            if kind == "records" and variant in ("max", "min"):
                return hostile_batch(variant)
            if variant == "max":
                return b"\xff" * 100_000
            return b""
        raise AssertionError(f"unknown type {kind}")

    # lying lengths ------------------------------------------------------------------

    def _lying(self, huge: bool) -> bytes:
        """The zero variant, but every array/string/bytes length replaced by a lie (with no
        element bytes after it)."""
        def lie(wide: bool) -> Raw:
            if self.flexible:
                return Raw(uvarint(2**32 - 1 if huge else 2**31))  # compact lengths are n+1
            if huge:
                return Raw(struct.pack(">i", INT32_MAX) if wide else struct.pack(">h", 32767))
            return Raw(struct.pack(">i", -7) if wide else struct.pack(">h", -7))

        def walk(fields, depth) -> dict:
            out = {}
            for f in fields:
                if not f.present(self.version):
                    continue
                if f.is_array or f.element in ("string", "bytes", "records"):
                    out[f.name] = lie(wide=f.is_array or f.element != "string")
                elif f.element_is_struct:
                    out[f.name] = walk(self.message.children_of(f), depth + 1)
                else:
                    out[f.name] = self._scalar(f, "zero", False)
            return out
        return encode_body(self.message, self.version, walk(self.message.fields, 0))


def hostile_batch(variant: str) -> bytes:
    """A record batch with a correct CRC whose header fields are all at their max (or min)."""
    if variant == "max":
        return record_batch([record(b"v", timestamp_delta=INT64_MAX, offset_delta=INT32_MAX)],
                            base_offset=INT64_MAX, base_timestamp=INT64_MAX, max_timestamp=INT64_MAX,
                            last_offset_delta=INT32_MAX, producer_id=INT64_MAX, producer_epoch=32767,
                            base_sequence=INT32_MAX, partition_leader_epoch=INT32_MAX, record_count=INT32_MAX)
    return record_batch([record(b"v", timestamp_delta=-2**63, offset_delta=-2**31)],
                        base_offset=-2**63, base_timestamp=-2**63, max_timestamp=-2**63,
                        last_offset_delta=-2**31, producer_id=-2**63, producer_epoch=-32768,
                        base_sequence=-2**31, partition_leader_epoch=-2**31, record_count=-2**31,
                        attributes=-1)


def wait_readable_or_closed(sock: socket.socket, timeout: float) -> str:
    """'answer', 'closed' or 'timeout' for a socket after a request was sent."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "timeout"
        readable, _, _ = select.select([sock], [], [], remaining)
        if not readable:
            return "timeout"
        try:
            data = sock.recv(65536, socket.MSG_PEEK)
        except (ConnectionResetError, BrokenPipeError):
            return "closed"
        return "answer" if data else "closed"
