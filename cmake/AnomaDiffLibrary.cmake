# anomadiff_shared_library(<target>): the project's libraries are shared, so the CLI, the worker,
# the tests and every method plugin load one copy of core and engine instead of each carrying its
# own (a diffusion plugin was ~90 MB when they were static).
#
# They are private libraries: built into and installed to lib/anomadiff (Debian policy for
# libraries no other package links), found through a RUNPATH relative to the binary ($ORIGIN), so
# the install tree is relocatable and keeps no path of the build tree.
set(ANOMADIFF_LIBRARY_SUBDIR ${CMAKE_INSTALL_LIBDIR}/anomadiff)
set(ANOMADIFF_LIBRARY_OUTPUT_DIR ${PROJECT_BINARY_DIR}/${ANOMADIFF_LIBRARY_SUBDIR})

function(anomadiff_shared_library target)
  # No <target>_EXPORTS define: every symbol has default visibility on Linux, and without the
  # define the libraries share one set of compile flags (and the engine's precompiled header).
  set_target_properties(${target} PROPERTIES
    DEFINE_SYMBOL ""
    LIBRARY_OUTPUT_DIRECTORY ${ANOMADIFF_LIBRARY_OUTPUT_DIR}
    INSTALL_RPATH "$ORIGIN")
  install(TARGETS ${target} LIBRARY DESTINATION ${ANOMADIFF_LIBRARY_SUBDIR})
endfunction()

# Executables in bin/ find the libraries in ../lib/anomadiff.
file(RELATIVE_PATH _anomadiff_bin_to_lib ${PROJECT_BINARY_DIR}/${CMAKE_INSTALL_BINDIR}
     ${ANOMADIFF_LIBRARY_OUTPUT_DIR})
set(CMAKE_INSTALL_RPATH "$ORIGIN/${_anomadiff_bin_to_lib}")
