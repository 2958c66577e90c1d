// Force-included (-include) before every fuzz-tree source that includes ITK headers.
//
// Debian's ITK 5.2 generated itk_compiler_detection.h for GCC only: any other compiler stops at
// "#error Unsupported compiler", clang included. The header only turns compiler versions into
// C++11 feature macros (ITK_NULLPTR, ITK_OVERRIDE, ...), all of which clang 14 has, and nothing
// else in ITK's headers asks which compiler it is. So it is read once here as if clang were a
// current GCC; its include guard then keeps ITK's own #include from reading it again.
#pragma once

#pragma push_macro("__clang__")
#pragma push_macro("__GNUC__")
#pragma push_macro("__GNUC_MINOR__")
#undef __clang__
#undef __GNUC__
#undef __GNUC_MINOR__
#define __GNUC__ 12
#define __GNUC_MINOR__ 2
#include <itk_compiler_detection.h>
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__GNUC__")
#pragma pop_macro("__clang__")
