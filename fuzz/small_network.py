"""small_network.py OUT.json — the network the weights-loader fuzzer loads
weights for: the bad-input corpus's base network (test/bad-input/corpus),
named "small"."""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "test" / "bad-input"
                       / "corpus"))
import json_cases  # noqa: E402

network = dict(json_cases.BASE, name="small")
out = pathlib.Path(sys.argv[1])
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps(network))
