"""tensor_files.py — make and read the tensor files kiln-run's tests use.

  npy2pb IN.npy OUT.pb --name NAME [--float-data]
      an ONNX TensorProto with ONNX's own numpy_helper (data in raw_data, or
      in float_data with --float-data)
  pb2npy IN.pb OUT.npy
      reads a TensorProto back with numpy_helper; prints its name and shape
  bad DIR
      writes the malformed inputs of errors.test into DIR
"""
import argparse
import pathlib

import numpy as np
import onnx
from onnx import numpy_helper


def npy2pb(args):
    array = np.load(args.input)
    tensor = numpy_helper.from_array(array, name=args.name)
    if args.float_data:
        tensor.ClearField("raw_data")
        tensor.float_data.extend(array.ravel().tolist())
    pathlib.Path(args.output).write_bytes(tensor.SerializeToString())


def pb2npy(args):
    tensor = onnx.TensorProto()
    tensor.ParseFromString(pathlib.Path(args.input).read_bytes())
    array = numpy_helper.to_array(tensor)
    print(f"name: {tensor.name} shape: {list(array.shape)} dtype: {array.dtype}")
    np.save(args.output, array)


def bad(args):
    out = pathlib.Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    image = np.random.default_rng(0).random((1, 1, 28, 28))
    np.save(out / "float64.npy", image)
    np.save(out / "int32.npy", image.astype(np.int32))
    np.save(out / "fortran.npy", np.asfortranarray(image.astype(np.float32)))
    np.save(out / "wrong_shape.npy", image.astype(np.float32).reshape(1, 28, 28))
    np.save(out / "good.npy", image.astype(np.float32))
    whole = (out / "good.npy").read_bytes()
    (out / "truncated.npy").write_bytes(whole[:-100])
    (out / "header_only.npy").write_bytes(whole[:20])
    (out / "not_npy.npy").write_bytes(b"hello, world\n")
    (out / "garbage.pb").write_bytes(bytes(range(256)) * 4)
    (out / "empty.pb").write_bytes(b"")
    int_tensor = numpy_helper.from_array(image.astype(np.int64), name="image")
    (out / "int64.pb").write_bytes(int_tensor.SerializeToString())
    short = numpy_helper.from_array(image.astype(np.float32), name="image")
    short.raw_data = short.raw_data[:-4]
    (out / "short_raw.pb").write_bytes(short.SerializeToString())
    (out / "input.txt").write_text("1 2 3\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(required=True)
    p = commands.add_parser("npy2pb")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--name", required=True)
    p.add_argument("--float-data", action="store_true")
    p.set_defaults(run=npy2pb)
    p = commands.add_parser("pb2npy")
    p.add_argument("input")
    p.add_argument("output")
    p.set_defaults(run=pb2npy)
    p = commands.add_parser("bad")
    p.add_argument("dir")
    p.set_defaults(run=bad)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
