# cmake -DPROGRAM=<executable> -DNAME=<name> -DSECTION_TITLE=<text> -DVERSION=<version>
#       -DOUTPUT=<file.1> -P MakeManPage.cmake
# A man page made from the program's --help (and, for the CLI, each subcommand's --help), so
# the page never drifts from the options the program accepts.
execute_process(COMMAND ${PROGRAM} --help OUTPUT_VARIABLE help RESULT_VARIABLE status
                ERROR_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --help failed (${status})")
endif()

function(escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  # A line that starts with . or ' would be a troff request.
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

string(TIMESTAMP date "%Y-%m-%d" UTC)
escape("${help}" body)
set(page ".TH ${NAME} 1 \"${date}\" \"AnomaDiff ${VERSION}\" \"AnomaDiff Manual\"\n")
string(APPEND page ".SH NAME\n${NAME} \\- ${SECTION_TITLE}\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${body}\n.fi\n")

# Subcommands: the names listed under "Subcommands:" in CLI11's help.
string(FIND "${help}" "Subcommands:" at)
if(at GREATER -1)
  string(SUBSTRING "${help}" ${at} -1 listed)
  string(REGEX MATCHALL "\n  [a-z][a-z0-9-]+" names "${listed}")
  foreach(entry ${names})
    string(STRIP "${entry}" command)
    execute_process(COMMAND ${PROGRAM} ${command} --help OUTPUT_VARIABLE sub RESULT_VARIABLE s
                    ERROR_QUIET)
    if(s EQUAL 0)
      escape("${sub}" sub)
      string(APPEND page ".SH \"${NAME} ${command}\"\n.nf\n${sub}\n.fi\n")
    endif()
  endforeach()
endif()
string(APPEND page ".SH SEE ALSO\nThe README and docs/ARCHITECTURE.md of AnomaDiff.\n")
file(WRITE ${OUTPUT} "${page}")
