# What both Debian cross toolchain files share: the compilers named after
# KILN_CROSS_TRIPLE, and the target's libraries and headers found only in
# Debian's multiarch cross root (/usr/<triple>), never the build machine's.
set(CMAKE_C_COMPILER ${KILN_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${KILN_CROSS_TRIPLE}-g++)
set(CMAKE_FIND_ROOT_PATH /usr/${KILN_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# BOTH: a package may also come from the build machine (Kiln's own, found
# through CMAKE_PREFIX_PATH: its kilnc runs here, its ARM runtime is picked
# by KilnConfig.cmake).
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
# For running the target's programs from CMake/CTest (qemu-user).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${CMAKE_SYSTEM_PROCESSOR} -L /usr/${KILN_CROSS_TRIPLE})
