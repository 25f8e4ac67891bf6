# FindHalide14.cmake — import Debian's Halide 14 as the target Kiln::Halide.
#
# Halide is built with RTTI and exceptions (its own package says so through
# HALIDE_ENABLE_RTTI / HALIDE_WITH_EXCEPTIONS); code that includes Halide.h
# must be compiled with the same definitions, and with -fexceptions so that a
# Halide::Error can be caught instead of ending the process.
#
# The headers are the build machine's, also in a cross build of the runtime
# (KILN_RUNTIME_ONLY): HalideRuntime.h does not depend on the architecture.
find_path(HALIDE14_INCLUDE_DIR Halide.h PATHS /usr/include/halide14
  NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT HALIDE14_INCLUDE_DIR)
  message(FATAL_ERROR "Halide 14 not found: run scripts/install-deps.sh (libhalide14-0-dev)")
endif()

# The C runtime only needs HalideRuntime.h (the halide_buffer_t layout).
add_library(Kiln::HalideRuntimeHeaders INTERFACE IMPORTED)
set_target_properties(Kiln::HalideRuntimeHeaders PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${HALIDE14_INCLUDE_DIR}")

if(KILN_RUNTIME_ONLY)
  return()
endif()

find_library(HALIDE14_LIBRARY NAMES Halide14 PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})
if(NOT HALIDE14_LIBRARY)
  message(FATAL_ERROR "Halide 14 not found: run scripts/install-deps.sh (libhalide14-0-dev)")
endif()
message(STATUS "Using Halide 14: ${HALIDE14_LIBRARY}")

add_library(Kiln::Halide INTERFACE IMPORTED)
set_target_properties(Kiln::Halide PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${HALIDE14_INCLUDE_DIR}"
  INTERFACE_COMPILE_DEFINITIONS "HALIDE_ENABLE_RTTI;HALIDE_WITH_EXCEPTIONS"
  INTERFACE_COMPILE_OPTIONS "-fexceptions"
  INTERFACE_LINK_LIBRARIES "${HALIDE14_LIBRARY};Threads::Threads;${CMAKE_DL_LIBS}")

# The autoschedulers (--schedule=auto:<name>) are plugins in the same
# package; Debian puts them in a halide14/ directory beside the library.
# Not finding them is not fatal: --schedule=manual needs none of them.
find_path(HALIDE14_AUTOSCHEDULER_DIR libautoschedule_adams2019.so
  PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/halide14
        /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}
  NO_DEFAULT_PATH)
if(HALIDE14_AUTOSCHEDULER_DIR)
  message(STATUS "Halide autoscheduler plugins: ${HALIDE14_AUTOSCHEDULER_DIR}")
else()
  set(HALIDE14_AUTOSCHEDULER_DIR "")
  message(WARNING "Halide's autoscheduler plugins (libautoschedule_*.so) not "
                  "found: --schedule=auto:<name> will need "
                  "KILN_HALIDE_AUTOSCHEDULER_DIR")
endif()
