#pragma once

#include "image/SliceAxes.h"
#include "report/BoxesJsonFile.h"

#include <map>
#include <string>

namespace anomadiff::gui {

/// Everything needed to reopen a review where it was left: the input, the result it came from,
/// how it was computed, the reviewed findings and what the reader was looking at.
struct Session {
  static constexpr int kVersion = 1;

  /// Where the 2D view was: plain values so the file stays readable and stable.
  struct ViewState {
    SliceOrientation orientation = SliceOrientation::Axial;
    int slice = 0;
    double window = 1.0;
    double level = 0.5;
  };

  std::string imagePath;
  std::string resultFolder;
  std::string method;
  std::map<std::string, double> parameters;
  FindingsDocument findings;  ///< in the boxes.json layout, review states included
  ViewState view;
};

}  // namespace anomadiff::gui
