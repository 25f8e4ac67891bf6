//===- HalideRuntimeObject.h - Halide's runtime as an object -*- C++ -*-===//
//
// A library carries one copy of Halide's runtime: its functions are
// compiled without it (Target::NoRuntime) and the runtime is one more
// member. Compiling the runtime takes about a second whatever the model, so
// a small model's compile is mostly the runtime's; with KILN_CACHE_DIR set,
// each runtime is compiled once per target, Halide build and HL_LLVM_ARGS
// and then copied from that directory.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_HALIDERUNTIMEOBJECT_H
#define KILN_COMPILER_CODEGEN_HALIDERUNTIMEOBJECT_H

#include <Halide.h>

#include <string>

namespace kiln::codegen {

/// Writes Halide's runtime for `target` to the object file `path`: a copy of
/// the cached one where KILN_CACHE_DIR holds it, else compiled (and then
/// stored there when KILN_CACHE_DIR names a directory that can be written;
/// a cache that cannot is passed over). Throws Halide::Error as Halide's
/// compiles do.
void writeHalideRuntimeObject(const Halide::Target &target,
                              const std::string &path);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_HALIDERUNTIMEOBJECT_H
