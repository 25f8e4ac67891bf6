# CrossRuntimes.cmake — the C runtime for each ARM target whose Debian cross
# compiler is installed (scripts/install-deps.sh), built through the
# toolchain files in cmake/toolchains into ${KILN_CROSS_ROOT}/<triple>/lib.
# kiln-run links ARM runners against these, and the lit suite enables its
# ARM tests where they (and qemu-user) exist. Missing cross compilers only
# skip those.
include(ExternalProject)
set(KILN_CROSS_ROOT ${PROJECT_BINARY_DIR}/cross)
set(KILN_CROSS_TRIPLES "")
foreach(triple aarch64-linux-gnu arm-linux-gnueabihf)
  find_program(KILN_CC_${triple} ${triple}-gcc)
  find_program(KILN_CXX_${triple} ${triple}-g++)
  if(NOT KILN_CC_${triple} OR NOT KILN_CXX_${triple})
    message(STATUS "No ${triple} cross compiler: its ARM tests will be skipped")
    continue()
  endif()
  ExternalProject_Add(kiln_runtime_${triple}
    SOURCE_DIR ${PROJECT_SOURCE_DIR}
    BINARY_DIR ${KILN_CROSS_ROOT}/${triple}
    CMAKE_ARGS -DKILN_RUNTIME_ONLY=ON -DCMAKE_BUILD_TYPE=Release
               -DCMAKE_TOOLCHAIN_FILE=${PROJECT_SOURCE_DIR}/cmake/toolchains/${triple}.cmake
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${KILN_CROSS_ROOT}/${triple}/lib/libkiln_runtime.a)
  list(APPEND KILN_CROSS_TRIPLES ${triple})
endforeach()
