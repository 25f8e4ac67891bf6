"""onnxtext_to_model.py — ONNX's text format to a binary .onnx model.

usage: onnxtext_to_model.py IN.onnxtext OUT.onnx [--no-check]
Parsed with ONNX's own parser (onnx.parser); '#' lines are comments, so a
test's RUN and CHECK lines can live in the text file itself.
"""
import sys

import onnx
import onnx.parser


def main():
    model = onnx.parser.parse_model(open(sys.argv[1]).read())
    # Name unnamed nodes after their first output, as exporters do, so that
    # locations in the tests are stable and readable.
    for node in model.graph.node:
        if not node.name:
            node.name = node.op_type + "_" + node.output[0]
    if "--no-check" not in sys.argv:
        onnx.checker.check_model(model)
    onnx.save(model, sys.argv[2])


if __name__ == "__main__":
    main()
