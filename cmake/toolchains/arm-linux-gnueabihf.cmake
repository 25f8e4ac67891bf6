# Cross-compiling for 32-bit ARM Linux (ARMv7, hard float, NEON) with
# Debian's cross compiler (g++-arm-linux-gnueabihf). Programs it builds run
# on an armhf machine, or here under qemu-user:
# `qemu-arm -L /usr/arm-linux-gnueabihf ./program`.
#
#   cmake -S . -B build-armhf -DKILN_RUNTIME_ONLY=ON \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-linux-gnueabihf.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(KILN_CROSS_TRIPLE arm-linux-gnueabihf)
include(${CMAKE_CURRENT_LIST_DIR}/DebianCross.cmake)
