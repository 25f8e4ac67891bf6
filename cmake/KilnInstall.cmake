# KilnInstall.cmake — what `cmake --install build --prefix P` gives: a
# package that deployment builds use through find_package(Kiln CONFIG):
#
#   P/bin/                 kilnc, kiln-run, kiln-opt
#   P/lib/libkiln_runtime.a               the C runtime (the build machine's)
#   P/lib/<triple>/libkiln_runtime.a      the ARM runtimes that were built
#   P/include/kiln/runtime.h
#   P/share/kiln/kiln_runner.c            what kiln-run links models with
#   P/share/kiln/python/kiln/  the Python module (PYTHONPATH=P/share/kiln/python)
#   P/lib/cmake/Kiln/      KilnConfig.cmake, its version file, the exported
#                          target kiln::runtime, KilnAddModel.cmake and the
#                          cross toolchain files
#
# Every path inside is relative to P: the prefix may be moved. Kiln's own
# libraries (libKiln*.a) are internal and not installed.
include(CMakePackageConfigHelpers)

install(TARGETS kilnc kiln-run kiln-opt RUNTIME DESTINATION bin)
install(TARGETS kiln_runtime EXPORT KilnTargets ARCHIVE DESTINATION lib)
install(FILES ${PROJECT_SOURCE_DIR}/runtime/include/kiln/runtime.h
        DESTINATION include/kiln)
install(FILES ${PROJECT_SOURCE_DIR}/runtime/tools/kiln_runner.c
        DESTINATION share/kiln)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/kiln
        DESTINATION share/kiln/python
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
foreach(triple ${KILN_CROSS_TRIPLES})
  install(FILES ${KILN_CROSS_ROOT}/${triple}/lib/libkiln_runtime.a
          DESTINATION lib/${triple})
endforeach()

install(EXPORT KilnTargets NAMESPACE kiln:: DESTINATION lib/cmake/Kiln)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/KilnConfig.cmake.in
  ${PROJECT_BINARY_DIR}/KilnConfig.cmake
  INSTALL_DESTINATION lib/cmake/Kiln)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/KilnConfig.cmake
              ${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/KilnAddModel.cmake
        DESTINATION lib/cmake/Kiln)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/cmake/toolchains
        DESTINATION lib/cmake/Kiln)
