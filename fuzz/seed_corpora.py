"""seed_corpora.py OUT [WEIGHTS] — the fuzzers' seed inputs, drawn from the test suite:

  json-import   every .json network under test/ and examples/, and the
                bad-input corpus's JSON cases;
  onnx-import   every .onnxtext model under test/ (converted to protobuf),
                and the corpus's ONNX cases;
  nn-verify     every .mlir file under test/;
  weights-load  WEIGHTS, a valid weights file of the fuzzer's model.

Writes OUT/<target>/<n>; existing seeds are replaced."""
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test" / "bad-input" / "corpus"))
import json_cases  # noqa: E402
import onnx_cases  # noqa: E402

MAX_BYTES = 65536  # run.sh's -max_len
# Valid networks that need gigabytes by design (out-of-memory tests).
SKIPPED = {ROOT / "test" / "Tools" / "Inputs" / "huge-dense-weights.json"}


def write(directory, seeds):
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    count = 0
    for data in seeds:
        if 0 < len(data) <= MAX_BYTES:
            (directory / f"{count:05d}").write_bytes(data)
            count += 1
    return count


def corpus_files(cases, suffix):
    for case in cases:
        for name, data in case.files.items():
            if name.endswith(suffix):
                yield data


def onnx_from_text(path):
    converter = ROOT / "test" / "Frontends" / "ONNX" / "Inputs" / "onnxtext_to_model.py"
    out = pathlib.Path("/tmp") / f"kiln-seed-{path.stem}.onnx"
    done = subprocess.run([sys.executable, str(converter), str(path), str(out)],
                          capture_output=True)
    if done.returncode != 0 or not out.exists():
        return b""
    data = out.read_bytes()
    out.unlink()
    return data


def main():
    out = pathlib.Path(sys.argv[1])
    json_seeds = [p.read_bytes() for d in ("test", "examples") for p in (ROOT / d).rglob("*.json")
                  if p not in SKIPPED]
    json_seeds += corpus_files(json_cases.cases(), ".json")
    onnx_seeds = [onnx_from_text(p) for p in (ROOT / "test").rglob("*.onnxtext")]
    onnx_seeds += corpus_files(onnx_cases.cases(), ".onnx")
    mlir_seeds = [p.read_bytes() for p in (ROOT / "test").rglob("*.mlir")]
    weights = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
    weight_seeds = [weights.read_bytes()] if weights and weights.exists() else []
    for target, seeds in (("json-import", json_seeds), ("onnx-import", onnx_seeds),
                          ("nn-verify", mlir_seeds), ("weights-load", weight_seeds)):
        print(f"seed_corpora: {target}: {write(out / target, seeds)} seeds")


if __name__ == "__main__":
    main()
