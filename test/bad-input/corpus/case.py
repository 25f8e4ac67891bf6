"""One hostile input and what Kiln must do with it.

A case is a set of files written into an empty directory and a command
run there: kilnc with arguments, or the runtime harness (load_weights.c)
with a weights file. Every case must be refused: exit status 1, a message
naming the file it read (`names`, which also lists the layer or node where
there is one), no crash, no hang, and nothing left behind.
"""
from dataclasses import dataclass, field


@dataclass
class Case:
    # Unique id, "<source>/<what>", e.g. "onnx/Conv.strides=0".
    name: str
    # Files written into the case's directory: relative path -> bytes.
    files: dict
    # kilnc's arguments (run in the case's directory), or the runtime
    # harness's for tool == "runtime".
    args: list
    # Text the error output must contain: the file, the layer or node,
    # the flag.
    names: list = field(default_factory=list)
    tool: str = "kilnc"

    def __post_init__(self):
        assert self.tool in ("kilnc", "runtime"), self.tool


def text(value):
    """`value` as UTF-8 bytes (files are bytes)."""
    return value.encode() if isinstance(value, str) else value
