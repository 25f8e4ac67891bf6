"""list_in_scope.py — which of ONNX's backend tests Kiln's operators cover.

Prints "<suite>/<test>" for every test in the data directory whose model
uses only the given op types and whose inputs are all float32, so the
tracked list (in-scope.txt) can be refreshed when operators are added.
Existing XFAIL annotations are kept when --keep LIST is given.

usage: list_in_scope.py --data DIR --ops "Conv Relu ..." [--keep LIST]
"""
import argparse
import glob
import os

import onnx


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--ops", required=True)
    parser.add_argument("--keep")
    args = parser.parse_args()
    supported = set(args.ops.split()) | {"Constant"}
    annotations = {}
    if args.keep:
        for line in open(args.keep):
            name, sep, reason = line.strip().partition("XFAIL:")
            if sep:
                annotations[name.strip()] = reason.strip()
    for model_path in sorted(glob.glob(os.path.join(args.data, "*", "*",
                                                    "model.onnx"))):
        test_dir = os.path.dirname(model_path)
        name = os.path.relpath(test_dir, args.data)
        model = onnx.load(model_path, load_external_data=False)
        ops = {node.op_type for node in model.graph.node}
        initializers = {t.name for t in model.graph.initializer}
        floats = all(i.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
                     for i in model.graph.input if i.name not in initializers)
        if ops <= supported and floats:
            reason = annotations.get(name)
            print(name + ("  XFAIL: " + reason if reason else ""))


if __name__ == "__main__":
    main()
