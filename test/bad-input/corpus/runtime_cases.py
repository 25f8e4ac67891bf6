"""Hostile weights and misuse of the runtime API, run through the harness
load_weights.c against one small library compiled once (runner.py).

`args` are the harness's: a mode (file, memory, api) and its operand."""
import struct

from case import Case

# Offsets of the weights header's fields (runtime/src/weights_format.h):
# magic (8 bytes), version, tensor count, file size, layout fingerprint,
# data checksum; the data starts at HEADER_SIZE.
FIELDS = {"magic": 0, "version": 8, "count": 12, "size": 16, "layout": 24, "checksum": 32}
HEADER_SIZE = 64


def weights_cases(good, other_model):
    """`good`: the library's valid weights; `other_model`: valid weights of
    another network."""

    def case(label, data, mode="file"):
        path = "model.weights"
        names = [path] if mode == "file" else ["weights"]
        return Case(f"runtime/{mode}/{label}", {path: data}, [mode, path], names, "runtime")

    for mode in ("file", "memory"):
        yield case("empty", b"", mode)
        for field, offset in FIELDS.items():
            yield case(f"truncated-in-{field}", good[:offset + 1], mode)
            flipped = bytearray(good)
            flipped[offset] ^= 0x40
            yield case(f"flipped-{field}", bytes(flipped), mode)
        yield case("truncated-after-header", good[:HEADER_SIZE], mode)
        yield case("truncated-in-data", good[:(HEADER_SIZE + len(good)) // 2], mode)
        yield case("truncated-last-byte", good[:-1], mode)
        yield case("one-byte-more", good + b"\0", mode)
        for position in ("first", "middle", "last"):
            index = {"first": HEADER_SIZE, "middle": (HEADER_SIZE + len(good)) // 2,
                     "last": len(good) - 1}[position]
            flipped = bytearray(good)
            flipped[index] ^= 0x01
            yield case(f"flipped-data-{position}", bytes(flipped), mode)
        yield case("version-1", good[:8] + struct.pack("<I", 1) + good[12:], mode)
        yield case("version-max", good[:8] + struct.pack("<I", 2**32 - 1) + good[12:], mode)
        yield case("count-max", good[:12] + struct.pack("<I", 2**32 - 1) + good[16:], mode)
        yield case("size-max", good[:16] + struct.pack("<Q", 2**64 - 1) + good[24:], mode)
        yield case("other-model", other_model, mode)
        yield case("zeros", b"\0" * len(good), mode)
    yield Case("runtime/file/missing", {}, ["file", "nothere.weights"], ["nothere.weights"],
               "runtime")
    yield Case("runtime/file/directory", {"dir.weights/keep": b""}, ["file", "dir.weights"],
               ["dir.weights"], "runtime")


def api_cases():
    """Misuse the harness performs itself (load_weights.c, mode 'api')."""
    for misuse, names in (("null-info", ["null"]), ("null-result", ["null"]),
                          ("null-path", ["null"]), ("threads=-1", ["-1"]),
                          ("env-threads=abc", ["KILN_NUM_THREADS"]),
                          ("env-threads=-3", ["KILN_NUM_THREADS"]),
                          ("run-null-input", ["null"]), ("run-wrong-count", ["3073"]),
                          ("memory-null", ["null"]), ("scratch-too-small", ["scratch"])):
        yield Case("runtime/api/" + misuse, {}, ["api", misuse], names, "runtime")
