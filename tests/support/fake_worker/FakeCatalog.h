#pragma once

#include "protocol/MethodCatalogData.h"

namespace anomadiff::test {

/// The fake worker's methods: names and parameters like the real plugins' (so GUI tests drive the
/// same panel), without any model behind them.
class FakeCatalog {
 public:
  static protocol::MethodCatalogData data();
  /// Throws InvalidArgument naming the method or the parameter, as the real worker does.
  static void check(const std::string& method, const std::map<std::string, double>& parameters);
};

}  // namespace anomadiff::test
