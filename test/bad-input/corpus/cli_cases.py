"""Hostile kilnc command lines over a valid network: every flag at values
it must refuse, and output paths that cannot be written."""
from case import Case
import json_cases
from json_cases import BASE, encode

NET = {"net.json": encode(BASE)}


def flag_case(label, args, names, files=None):
    return Case("cli/" + label, dict(files or NET), ["net.json", *args], list(names))


def flag_cases():
    bad_values = {
        "-O": ["7", "-1", "x", "01x"],
        "--target": ["bogus", "x86-64-linux-avx512-bogus", "", "host,bogus", ",",
                     "arm-99-linux"],
        "--name": ["1abc", "a-b", "n" * 300, "a\nb", ""],
        "--batch": ["0", "-1", "99999999999", "x"],
        "--mean": ["abc", "1,2", "nan"],
        "--std": ["0", "1,2", "x", "inf"],
        "--scale": ["nan", "inf", "x"],
        "--input-type": ["int8", ""],
        "--input-layout": ["nchwx"],
        "--channel-order": ["bgrx"],
        "--emit": ["bogus"],
        "--layers-per-pipeline": ["-1", "x"],
        "--schedule": ["bogus", "auto:Bogus"],
        "--machine-params": ["a,b,c", "1,2"],
        "--cache-sizes": ["48K", "x,2M", "2M,48K", "0,0"],
        "--weights": ["missing.bin", "."],
        "--winograd": ["maybe"],
    }
    for flag, values in bad_values.items():
        for value in values:
            # -O takes its value attached (-O7); the rest with '='.
            argument = flag + value if flag == "-O" else f"{flag}={value}"
            label = value if len(value) < 20 else value[:12] + "..."
            yield flag_case(f"{flag}={label!r}", [argument], [flag.lstrip("-")])
    # Shapes that parse are checked as the input's shape, by the layers
    # that read it: the message names the network.
    for value in ("x=0x3x8x8", "garbage", "x=1x3x-8x8"):
        yield flag_case(f"--input-shape={value!r}", [f"--input-shape={value}"], ["input-shape"])
    for value in ("x=1x3", "nowhere=1x3x8x8", "x=1x3x99999999999x8", "5=1x3x8x8"):
        yield flag_case(f"--input-shape={value!r}", [f"--input-shape={value}"], ["net.json"])
    yield flag_case("--unknown-flag", ["--frobnicate"], ["frobnicate"])
    yield flag_case("--embed-weights+windows",
                    ["--embed-weights", "--target=x86-64-windows"], ["embed-weights"])
    yield flag_case("--channel-order=bgr+one-channel", ["--channel-order=bgr"], ["bgr"],
                    {"net.json": encode({**BASE, "inputs": [{"name": "x",
                                                             "shape": [1, 1, 8, 8]}]})})


def path_cases():
    yield Case("cli/no-input", dict(NET), [], ["positional"])
    yield Case("cli/two-inputs", dict(NET), ["net.json", "net.json"], ["positional"])
    yield Case("cli/input-missing", {}, ["nothere.json"], ["nothere.json"])
    yield Case("cli/input-directory", {"dir.json/keep": b""}, ["dir.json"], ["dir.json"])
    yield Case("cli/input-extension", {"net.txt": NET["net.json"]}, ["net.txt"], ["net.txt"])
    yield Case("cli/input-dev-null", {}, ["/dev/null"], ["/dev/null"])
    yield Case("cli/output-is-file", {**NET, "outfile": b"x"}, ["net.json", "-o", "outfile"],
               ["outfile"])
    yield Case("cli/output-under-file", {**NET, "outfile": b"x"},
               ["net.json", "-o", "outfile/sub/dir"], ["outfile"])
    yield Case("cli/output-empty", dict(NET), ["net.json", "-o", ""], ["-o"])
    # A network kilnc refuses late, written to new directories given in
    # forms that must all be removed again.
    late = {"net.json": json_cases.encode({**BASE, "layers": BASE["layers"] + [
        {"name": "huge", "type": "pad", "pads": [0, 0, 2**20, 2**20]}]})}
    for label, path in (("trailing-slash", "out/a/b/"), ("dots", "out/./a/../b/c"),
                        ("double-slash", "out//a//b")):
        yield Case(f"cli/output-{label}", late, ["net.json", "-o", path], ["net.json", "huge"])


def cases():
    yield from flag_cases()
    yield from path_cases()
