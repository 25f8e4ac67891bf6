# KilnAddModel.cmake — compile a network with kilnc as part of a CMake build,
# inside Kiln's own tree or through find_package(Kiln CONFIG).
#
#   kiln_add_model(NAME lenet5 MODEL lenet5.json
#                  [TARGET host|<halide target>[,<halide target>...]]
#                  [WEIGHTS trained.bin] [EMBED_WEIGHTS] [BATCH n]
#                  [INPUT_SHAPES name=1x224x224x3 ...] [FLAGS --scale=1/255 ...]
#                  [KILNC path/to/kilnc])
#
# creates the imported static library target `kiln::<NAME>`: linking it gives
# a program the model's code, its header's include directory and the Kiln
# runtime (kiln::runtime: <kiln/runtime.h> and the system libraries Halide's
# runtime needs). NAME is the network's own name (its "name" field, or the
# ONNX file's stem): kilnc names the files after it. MODEL and WEIGHTS may be
# relative to the calling CMakeLists.txt; kilnc reruns when either changes.
# The weights file lands at ${KILN_<NAME>_WEIGHTS} (set in the caller's
# scope); with EMBED_WEIGHTS they are in the library instead (kilnc
# --embed-weights: <name>_load_embedded() needs no file) and the variable
# is empty. BATCH and INPUT_SHAPES are kilnc's --batch and --input-shape;
# FLAGS are passed to kilnc as they are (docs/kilnc.md).
#
# TARGET defaults, for x86-64 Linux, to ${KILN_PORTABLE_X86_TARGETS}: one
# library that runs on any x86-64 machine and picks its AVX-512, AVX2 or
# SSE2 variant at run time (docs/kilnc.md, "A portable default": about 3x
# the compile time and library size of one target). TARGET host compiles
# for the build machine alone (a library built on an AVX-512 machine then
# faults on one without AVX-512). In a cross build with Kiln's toolchain
# files the default is the toolchain's ARM target; elsewhere `host`.
#
#   kiln_add_augmentation(NAME augment MODEL path/to/augment.json
#                         [TARGET ...] [FLAGS ...] [KILNC path/to/kilnc])
#
# does the same for a JSON file with an "augment" block (docs/augment.md):
# `kiln::<NAME>` gives the augmentation's code and header; it has no
# weights. Its TARGET defaults to `host` (it takes one target, and runs
# where the network is trained).
include_guard(GLOBAL)
find_package(Threads REQUIRED)

# Most capable first; the last, plain x86-64 (SSE2), runs on every x86-64
# CPU and is taken when no other fits.
set(KILN_PORTABLE_X86_TARGETS
    "x86-64-linux-avx512_skylake,x86-64-linux-avx2-fma,x86-64-linux"
    CACHE STRING "kiln_add_model's default TARGET on x86-64 Linux")

# The default target, kilnc and its dependency, in the caller's ARG_
# variables; kilnc_dependency: the kilnc target inside Kiln's own build.
# `portable`: default to KILN_PORTABLE_X86_TARGETS on x86-64 Linux (a
# model); else to host (an augmentation, which takes one target and runs
# where the network is trained).
macro(_kiln_defaults portable)
  if(NOT ARG_TARGET)
    if(CMAKE_CROSSCOMPILING AND KILN_CROSS_TRIPLE STREQUAL "aarch64-linux-gnu")
      set(ARG_TARGET arm-64-linux)
    elseif(CMAKE_CROSSCOMPILING AND KILN_CROSS_TRIPLE STREQUAL "arm-linux-gnueabihf")
      set(ARG_TARGET arm-32-linux)
    elseif(${portable} AND CMAKE_SYSTEM_NAME STREQUAL "Linux" AND
           CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
      set(ARG_TARGET "${KILN_PORTABLE_X86_TARGETS}")
    else()
      set(ARG_TARGET host)
    endif()
  endif()
  set(kilnc_dependency)
  if(NOT ARG_KILNC)
    if(TARGET kilnc)
      set(ARG_KILNC $<TARGET_FILE:kilnc>)
      set(kilnc_dependency kilnc)
    elseif(KILN_KILNC)
      set(ARG_KILNC ${KILN_KILNC})
    else()
      find_program(ARG_KILNC kilnc REQUIRED)
    endif()
  endif()
  get_filename_component(ARG_MODEL "${ARG_MODEL}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${ARG_MODEL}")
    message(FATAL_ERROR "${CMAKE_CURRENT_FUNCTION}(${ARG_NAME}): no model file ${ARG_MODEL}")
  endif()
  if(NOT TARGET kiln::runtime)
    message(FATAL_ERROR "${CMAKE_CURRENT_FUNCTION}: no kiln::runtime target: use find_package(Kiln CONFIG REQUIRED) first")
  endif()
endmacro()

# Runs kilnc on `model` into `dir` (<name>.a, <name>.h, and <name>.weights
# when `weights` is WEIGHTS; further arguments are kilnc flags, `inputs`
# more files it reads) and makes the imported target kiln::<name>.
function(_kiln_compile name model dir target kilnc dependency weights inputs)
  set(outputs ${dir}/${name}.a ${dir}/${name}.h)
  if(weights STREQUAL "WEIGHTS")
    list(APPEND outputs ${dir}/${name}.weights)
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${kilnc} ${model} -o ${dir} --target=${target} ${ARGN}
    DEPENDS ${model} ${inputs} ${dependency}
    COMMENT "kilnc: compiling ${name} for ${target}"
    VERBATIM)
  add_custom_target(kiln_model_${name} DEPENDS ${outputs})

  file(MAKE_DIRECTORY ${dir}) # imported targets need existing include dirs
  add_library(kiln::${name} STATIC IMPORTED GLOBAL)
  set_target_properties(kiln::${name} PROPERTIES
    IMPORTED_LOCATION ${dir}/${name}.a
    INTERFACE_INCLUDE_DIRECTORIES ${dir}
    INTERFACE_LINK_LIBRARIES kiln::runtime)
  add_dependencies(kiln::${name} kiln_model_${name})
endfunction()

function(kiln_add_model)
  cmake_parse_arguments(ARG "EMBED_WEIGHTS"
                        "NAME;MODEL;TARGET;KILNC;BATCH;WEIGHTS"
                        "INPUT_SHAPES;FLAGS" ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_MODEL)
    message(FATAL_ERROR "kiln_add_model: NAME and MODEL are required")
  endif()
  _kiln_defaults(TRUE)

  set(flags ${ARG_FLAGS})
  set(inputs)
  if(ARG_WEIGHTS)
    get_filename_component(weights "${ARG_WEIGHTS}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND flags --weights=${weights})
    list(APPEND inputs ${weights})
  endif()
  if(ARG_BATCH)
    list(APPEND flags --batch=${ARG_BATCH})
  endif()
  foreach(shape IN LISTS ARG_INPUT_SHAPES)
    list(APPEND flags --input-shape=${shape})
  endforeach()

  set(weights_output WEIGHTS)
  if(ARG_EMBED_WEIGHTS)
    list(APPEND flags --embed-weights)
    set(weights_output NONE)
  endif()

  set(dir ${CMAKE_CURRENT_BINARY_DIR}/kiln_models/${ARG_NAME})
  _kiln_compile(${ARG_NAME} ${ARG_MODEL} ${dir} ${ARG_TARGET} "${ARG_KILNC}"
                "${kilnc_dependency}" ${weights_output} "${inputs}" ${flags})
  if(ARG_EMBED_WEIGHTS)
    set(KILN_${ARG_NAME}_WEIGHTS "" PARENT_SCOPE)
  else()
    set(KILN_${ARG_NAME}_WEIGHTS ${dir}/${ARG_NAME}.weights PARENT_SCOPE)
  endif()
endfunction()

function(kiln_add_augmentation)
  cmake_parse_arguments(ARG "" "NAME;MODEL;TARGET;KILNC" "FLAGS" ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_MODEL)
    message(FATAL_ERROR "kiln_add_augmentation: NAME and MODEL are required")
  endif()
  _kiln_defaults(FALSE)
  _kiln_compile(${ARG_NAME} ${ARG_MODEL}
                ${CMAKE_CURRENT_BINARY_DIR}/kiln_models/${ARG_NAME}
                ${ARG_TARGET} "${ARG_KILNC}" "${kilnc_dependency}" NONE ""
                ${ARG_FLAGS})
endfunction()
