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
include_guard(GLOBAL)
find_package(Threads REQUIRED)

function(kiln_add_model)
  cmake_parse_arguments(ARG "" "NAME;MODEL;TARGET;KILNC;BATCH" "INPUT_SHAPES"
                        ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_MODEL)
    message(FATAL_ERROR "kiln_add_model: NAME and MODEL are required")
  endif()
  if(NOT ARG_TARGET)
    set(ARG_TARGET host)
  endif()
  if(NOT ARG_KILNC)
    if(TARGET kilnc)
      set(ARG_KILNC $<TARGET_FILE:kilnc>)
      set(kilnc_dependency kilnc)
    else()
      find_program(ARG_KILNC kilnc REQUIRED)
    endif()
  endif()

  set(shape_flags)
  if(ARG_BATCH)
    list(APPEND shape_flags --batch=${ARG_BATCH})
  endif()
  foreach(shape IN LISTS ARG_INPUT_SHAPES)
    list(APPEND shape_flags --input-shape=${shape})
  endforeach()

  set(dir ${CMAKE_CURRENT_BINARY_DIR}/kiln_models/${ARG_NAME})
  set(outputs ${dir}/${ARG_NAME}.a ${dir}/${ARG_NAME}.h ${dir}/${ARG_NAME}.weights)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${ARG_KILNC} ${ARG_MODEL} -o ${dir} --target=${ARG_TARGET}
            ${shape_flags}
    DEPENDS ${ARG_MODEL} ${kilnc_dependency}
    COMMENT "kilnc: compiling ${ARG_NAME} for ${ARG_TARGET}"
    VERBATIM)
  add_custom_target(kiln_model_${ARG_NAME} DEPENDS ${outputs})

  file(MAKE_DIRECTORY ${dir}) # imported targets need existing include dirs
  add_library(kiln::${ARG_NAME} STATIC IMPORTED GLOBAL)
  set(runtime kiln_runtime)
  if(NOT TARGET kiln_runtime)
    find_library(runtime kiln_runtime REQUIRED)
  endif()
  set_target_properties(kiln::${ARG_NAME} PROPERTIES
    IMPORTED_LOCATION ${dir}/${ARG_NAME}.a
    INTERFACE_INCLUDE_DIRECTORIES ${dir}
    INTERFACE_LINK_LIBRARIES "${runtime};Threads::Threads;${CMAKE_DL_LIBS};m")
  add_dependencies(kiln::${ARG_NAME} kiln_model_${ARG_NAME})
  set(KILN_${ARG_NAME}_WEIGHTS ${dir}/${ARG_NAME}.weights PARENT_SCOPE)
endfunction()
