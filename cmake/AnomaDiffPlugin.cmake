# anomadiff_add_localizer(NAME <name>
#                         {CLASS <Localizer class> | RECIPE <file defining the recipe>}
#                         [SOURCES <files...>] [SDK diffusion])
#
# Declares one localization method as a Qt plugin that the CLI and the worker discover at run
# time from the plugin folder (build tree and install tree use the same relative layout). The
# plugin's Qt factory class and its metadata JSON are generated here, so a method is its own
# sources plus this one call:
#   CLASS   a Localizer subclass in namespace anomadiff::plugins, declared in <CLASS>.h in the
#           plugin's folder and default-constructible (the factory makes one per job);
#   RECIPE  a source that defines anomadiff::plugins::<id>::recipe(), returning the
#           diffusion::ReconstructionRecipe of a ReconstructionLocalizer (<id> is the name as a C
#           identifier: ddim-cg -> ddim_cg). Implies SDK diffusion.
# The plugin compiles against the plugin SDK only (plugins/sdk): its own folder and the SDK's
# include root, nothing else of the tree.
set(ANOMADIFF_PLUGIN_TEMPLATE_DIR ${CMAKE_CURRENT_LIST_DIR}/plugin)

function(anomadiff_add_localizer)
  cmake_parse_arguments(ARG "" "NAME;CLASS;RECIPE;SDK" "SOURCES" ${ARGN})
  if(NOT ARG_CLASS AND NOT ARG_RECIPE)
    message(FATAL_ERROR "anomadiff_add_localizer(${ARG_NAME}): give CLASS or RECIPE")
  endif()
  set(NAME ${ARG_NAME})
  string(MAKE_C_IDENTIFIER ${ARG_NAME} ID)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/factory)
  if(ARG_RECIPE)
    set(ARG_SDK diffusion)
    set(CREATE_INCLUDE "#include \"diffusion/ReconstructionLocalizer.h\"")
    set(CREATE_DECLARATION "diffusion::ReconstructionRecipe recipe();")
    set(CREATE_EXPRESSION "std::make_unique<diffusion::ReconstructionLocalizer>(recipe())")
    list(APPEND ARG_SOURCES ${ARG_RECIPE})
  else()
    set(CREATE_INCLUDE "#include \"${ARG_CLASS}.h\"")
    set(CREATE_DECLARATION "")
    set(CREATE_EXPRESSION "std::make_unique<${ARG_CLASS}>()")
  endif()
  configure_file(${ANOMADIFF_PLUGIN_TEMPLATE_DIR}/LocalizerPluginFactory.h.in
                 ${generated}/LocalizerPluginFactory.h @ONLY)
  configure_file(${ANOMADIFF_PLUGIN_TEMPLATE_DIR}/LocalizerPluginFactory.cpp.in
                 ${generated}/LocalizerPluginFactory.cpp @ONLY)
  configure_file(${ANOMADIFF_PLUGIN_TEMPLATE_DIR}/plugin.json.in ${generated}/${ARG_NAME}.json
                 @ONLY)

  set(target anomadiff_localizer_${ARG_NAME})
  add_library(${target} MODULE ${ARG_SOURCES} ${generated}/LocalizerPluginFactory.h
              ${generated}/LocalizerPluginFactory.cpp)
  if(ARG_SDK STREQUAL "diffusion")
    target_link_libraries(${target} PRIVATE anomadiff_plugin_sdk_diffusion)
  elseif(ARG_SDK)
    message(FATAL_ERROR "anomadiff_add_localizer(${ARG_NAME}): unknown SDK '${ARG_SDK}'")
  else()
    target_link_libraries(${target} PRIVATE anomadiff_plugin_sdk)
  endif()
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${generated})
  set_target_properties(${target} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/${ANOMADIFF_PLUGIN_SUBDIR}
    PREFIX ""
    INSTALL_RPATH "$ORIGIN/..")
  install(TARGETS ${target} LIBRARY DESTINATION ${ANOMADIFF_PLUGIN_SUBDIR})
  set_property(GLOBAL APPEND PROPERTY ANOMADIFF_LOCALIZERS ${target})
endfunction()
