"""Checks, without a GPU, that every kernel launch of a CUDA library fits an
sm_80/sm_90 GPU's per-block limits, which a launch would otherwise fail on:

  - at most 1024 threads per block;
  - registers: threads (rounded up to whole warps) x registers per thread
    (rounded up to 8, the allocation unit) at most 65536;
  - shared memory sizes Halide computed at compile time at most 48 KiB (the
    default limit without an opt-in).

The launches (grid, block and shared size) come from Halide's lowered
statement (kilnc --emit=stmt), the registers of each kernel from
`ptxas -v` on the PTX embedded in that statement: the same compile's, as
kernel names vary between runs (Halide's unique names, counted over the
parts kilnc lowers on several threads at once). Prints one summary line;
exits non-zero, naming the kernel, on the first violation."""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

import extract_ptx

MAX_THREADS = 1024
REGISTER_FILE = 65536
MAX_SHARED = 48 * 1024


def split_arguments(text):
    """The comma-separated arguments at the start of `text` (just after an
    opening parenthesis), up to the matching closing one."""
    args, depth, current = [], 0, ""
    for char in text:
        if char == "(" or char == "[":
            depth += 1
        elif char == ")" or char == "]":
            if depth == 0:
                args.append(current.strip())
                return args
            depth -= 1
        if char == "," and depth == 0:
            args.append(current.strip())
            current = ""
        else:
            current += char
    raise ValueError("unbalanced launch arguments")


def constant(expression):
    """The value of an integer expression of literals, else None."""
    if not re.fullmatch(r"[0-9+*() ]+", expression):
        return None
    return eval(expression)  # digits, +, * and parentheses only


def kernel_registers(ptxas, stmt_bytes, work):
    """Registers per kernel of the PTX modules embedded in the statement
    (one per pipeline: a network compiled in parts has several)."""
    registers = {}
    for k, ptx in enumerate(extract_ptx.modules(stmt_bytes)):
        path = work / ("module%d.ptx" % k)
        path.write_text(ptx)
        registers.update(module_registers(ptxas, str(path)))
    return registers


def module_registers(ptxas, ptx):
    result = subprocess.run([ptxas, "-v", "-arch=sm_80", ptx, "-o", "/dev/null"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("ptxas failed:\n" + result.stderr)
    registers, kernel = {}, None
    for line in result.stderr.splitlines():
        entry = re.search(r"Compiling entry function '([^']+)'", line)
        if entry:
            kernel = entry.group(1)
        used = re.search(r"Used (\d+) registers", line)
        if used and kernel:
            registers[kernel] = int(used.group(1))
            kernel = None
    return registers


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stmt")
    parser.add_argument("--ptxas", required=True)
    args = parser.parse_args()

    stmt_bytes = open(args.stmt, "rb").read()
    with tempfile.TemporaryDirectory() as work:
        registers = kernel_registers(args.ptxas, stmt_bytes, pathlib.Path(work))
    text = stmt_bytes.decode("utf-8", errors="replace")
    launches = 0
    worst = {"threads": 0, "registers": 0, "product": 0, "shared": 0}
    for match in re.finditer(r'halide_cuda_run\(cuda\[0\], "([^"]+)", ', text):
        kernel = match.group(1)
        grid_and_block = split_arguments(text[match.end():])
        block = [constant(a) for a in grid_and_block[3:6]]
        if None in block:
            sys.exit("%s: block size is not a constant: %s" %
                     (kernel, grid_and_block[3:6]))
        threads = block[0] * block[1] * block[2]
        if kernel not in registers:
            sys.exit("%s: not in the PTX" % kernel)
        warps = (threads + 31) // 32
        product = warps * 32 * ((registers[kernel] + 7) // 8 * 8)
        shared = constant(grid_and_block[6])
        if threads > MAX_THREADS:
            sys.exit("%s: %d threads per block, more than %d" %
                     (kernel, threads, MAX_THREADS))
        if product > REGISTER_FILE:
            sys.exit("%s: %d threads x %d registers exceed the %d-register "
                     "file" % (kernel, threads, registers[kernel], REGISTER_FILE))
        if shared is not None and shared > MAX_SHARED:
            sys.exit("%s: %d bytes of shared memory, more than %d" %
                     (kernel, shared, MAX_SHARED))
        launches += 1
        worst["threads"] = max(worst["threads"], threads)
        worst["registers"] = max(worst["registers"], registers[kernel])
        worst["product"] = max(worst["product"], product)
        worst["shared"] = max(worst["shared"], shared or 0)
    if launches == 0:
        sys.exit("no kernel launches in " + args.stmt)
    print("launches %d within limits: at most %d threads, %d registers, "
          "%d threads x registers, %d bytes of constant shared memory" %
          (launches, worst["threads"], worst["registers"], worst["product"],
           worst["shared"]))


if __name__ == "__main__":
    main()
