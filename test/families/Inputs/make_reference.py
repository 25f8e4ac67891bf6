"""make_reference.py — the PyTorch reference of one network family member.

Builds the model with seeded random weights (families_models.py), exports it
to ONNX and writes, into --out:
  model.onnx     torch.onnx.export, opset --opset (13), static shapes, constant folding;
                 the exporter folds batch norms into the convolutions unless
                 --keep-batch-norm is given
  input_0.npy    the input, float32, seeded standard normal
                 (Nx3x224x224 for the ImageNet models, Nx1x28x28 for LeNet-5)
  expected_0.npy PyTorch's output for that input, float32
  weights.bin    for models with a Kiln JSON form only (and not with
                 --no-json-weights): the weights in the JSON weights-file
                 layout (docs/json-format.md), in the JSON form's layer order
Prints the output shape and the size of every file written (timings go to
stderr, so that the standard output is the same on every run).
"""
import argparse
import pathlib
import sys
import time

import torch

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from families_models import MODELS, JSON_FORMS, build_model, json_weight_tensors, make_input  # noqa: E402
from reference_case import save_tensors, write_weights  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, choices=MODELS)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--opset", type=int, default=13)
    parser.add_argument("--no-json-weights", action="store_true",
                        help="do not write weights.bin (for callers that only use the "
                             "ONNX form; it is the size of the model)")
    parser.add_argument("--keep-batch-norm", action="store_true",
                        help="export BatchNormalization nodes instead of letting "
                             "the exporter fold batch norms into the convolutions")
    args = parser.parse_args()
    if args.batch < 1:
        parser.error("--batch must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)

    start = time.monotonic()
    model = build_model(args.model, args.seed)
    built = time.monotonic()

    x = make_input(args.model, args.batch, args.seed)
    with torch.no_grad():
        expected = model(x)
    ran = time.monotonic()

    written = save_tensors(args.out, "input", [x])
    written += save_tensors(args.out, "expected", [expected])
    if args.model in JSON_FORMS and not args.no_json_weights:
        write_weights(args.out, [tensor for _, tensor in
                                 json_weight_tensors(args.model, model)])
        written.append("weights.bin")

    torch.onnx.export(model, x, str(args.out / "model.onnx"),
                      export_params=True, opset_version=args.opset,
                      do_constant_folding=True,
                      input_names=["input_0"], output_names=["output_0"],
                      dynamic_axes=None,
                      # The model is in eval mode either way; EVAL (the
                      # default) also folds each batch norm into the
                      # convolution before it, PRESERVE does not.
                      training=(torch.onnx.TrainingMode.PRESERVE if args.keep_batch_norm
                                else torch.onnx.TrainingMode.EVAL))
    written.append("model.onnx")
    exported = time.monotonic()

    print(f"model {args.model}: output shape {'x'.join(map(str, expected.shape))}")
    for name in sorted(written):
        print(f"{name}: {(args.out / name).stat().st_size} bytes")
    print(f"time: build {built - start:.1f}s, run {ran - built:.1f}s, "
          f"write+export {exported - ran:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
