# KilnAddModel.cmake — compile a network with kilnc as part of a CMake build.
#
#   kiln_add_model(NAME lenet5 MODEL path/to/lenet5.json
#                  [TARGET host|<halide target>[,<halide target>...]]
#                  [BATCH n] [INPUT_SHAPES name=1x224x224x3 ...]
#                  [KILNC path/to/kilnc])
#
# creates the imported static library target `kiln::<NAME>`: linking it gives
# a program the model's code, its header's include directory, the Kiln
# runtime and the system libraries Halide's runtime needs. The weights file
# lands at ${KILN_<NAME>_WEIGHTS} (set in the caller's scope). BATCH and
# INPUT_SHAPES are kilnc's --batch and --input-shape, for models that leave
# input dimensions open (docs/onnx.md).
#
#   kiln_add_augmentation(NAME augment MODEL path/to/augment.json
#                         [TARGET ...] [KILNC path/to/kilnc])
#
# does the same for a JSON file with an "augment" block (docs/augment.md):
# `kiln::<NAME>` gives the augmentation's code and header; it has no
# weights.
include_guard(GLOBAL)
find_package(Threads REQUIRED)

# TARGET's and KILNC's defaults, in the caller's ARG_ variables;
# kilnc_dependency: the kilnc target to depend on (inside Kiln's own build).
macro(_kiln_defaults)
  if(NOT ARG_TARGET)
    set(ARG_TARGET host)
  endif()
  set(kilnc_dependency)
  if(NOT ARG_KILNC)
    if(TARGET kilnc)
      set(ARG_KILNC $<TARGET_FILE:kilnc>)
      set(kilnc_dependency kilnc)
    else()
      find_program(ARG_KILNC kilnc REQUIRED)
    endif()
  endif()
endmacro()

# Runs kilnc on `model` into `dir` (<name>.a, <name>.h, and <name>.weights
# when the fifth argument after `dependency` is WEIGHTS; further arguments
# are kilnc flags) and makes the imported target kiln::<name>.
function(_kiln_compile name model dir target kilnc dependency weights)
  set(outputs ${dir}/${name}.a ${dir}/${name}.h)
  if(weights STREQUAL "WEIGHTS")
    list(APPEND outputs ${dir}/${name}.weights)
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${kilnc} ${model} -o ${dir} --target=${target} ${ARGN}
    DEPENDS ${model} ${dependency}
    COMMENT "kilnc: compiling ${name} for ${target}"
    VERBATIM)
  add_custom_target(kiln_model_${name} DEPENDS ${outputs})

  file(MAKE_DIRECTORY ${dir}) # imported targets need existing include dirs
  add_library(kiln::${name} STATIC IMPORTED GLOBAL)
  set(runtime kiln_runtime)
  if(NOT TARGET kiln_runtime)
    find_library(runtime kiln_runtime REQUIRED)
  endif()
  set_target_properties(kiln::${name} PROPERTIES
    IMPORTED_LOCATION ${dir}/${name}.a
    INTERFACE_INCLUDE_DIRECTORIES ${dir}
    INTERFACE_LINK_LIBRARIES "${runtime};Threads::Threads;${CMAKE_DL_LIBS};m")
  add_dependencies(kiln::${name} kiln_model_${name})
endfunction()

function(kiln_add_model)
  cmake_parse_arguments(ARG "" "NAME;MODEL;TARGET;KILNC;BATCH" "INPUT_SHAPES"
                        ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_MODEL)
    message(FATAL_ERROR "kiln_add_model: NAME and MODEL are required")
  endif()
  _kiln_defaults()

  set(shape_flags)
  if(ARG_BATCH)
    list(APPEND shape_flags --batch=${ARG_BATCH})
  endif()
  foreach(shape IN LISTS ARG_INPUT_SHAPES)
    list(APPEND shape_flags --input-shape=${shape})
  endforeach()

  set(dir ${CMAKE_CURRENT_BINARY_DIR}/kiln_models/${ARG_NAME})
  _kiln_compile(${ARG_NAME} ${ARG_MODEL} ${dir} ${ARG_TARGET} "${ARG_KILNC}"
                "${kilnc_dependency}" WEIGHTS ${shape_flags})
  set(KILN_${ARG_NAME}_WEIGHTS ${dir}/${ARG_NAME}.weights PARENT_SCOPE)
endfunction()

function(kiln_add_augmentation)
  cmake_parse_arguments(ARG "" "NAME;MODEL;TARGET;KILNC" "" ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_MODEL)
    message(FATAL_ERROR "kiln_add_augmentation: NAME and MODEL are required")
  endif()
  _kiln_defaults()
  _kiln_compile(${ARG_NAME} ${ARG_MODEL}
                ${CMAKE_CURRENT_BINARY_DIR}/kiln_models/${ARG_NAME}
                ${ARG_TARGET} "${ARG_KILNC}" "${kilnc_dependency}" NONE)
endfunction()
