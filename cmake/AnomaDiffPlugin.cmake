# anomadiff_add_localizer(NAME <name> SOURCES <files...> [LIBRARIES <targets...>])
# Declares one localization method as a Qt plugin that the CLI and the worker discover at run time
# from the plugin folder (build tree and install tree use the same relative layout).
function(anomadiff_add_localizer)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBRARIES" ${ARGN})
  set(target anomadiff_localizer_${ARG_NAME})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE anomadiff_localize ${ARG_LIBRARIES})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR})
  set_target_properties(${target} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/${ANOMADIFF_PLUGIN_SUBDIR}
    PREFIX "")
  install(TARGETS ${target} LIBRARY DESTINATION ${ANOMADIFF_PLUGIN_SUBDIR})
  set_property(GLOBAL APPEND PROPERTY ANOMADIFF_LOCALIZERS ${target})
endfunction()
