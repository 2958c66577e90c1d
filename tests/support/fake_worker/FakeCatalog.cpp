#include "FakeCatalog.h"

#include "common/Error.h"

namespace anomadiff::test {
namespace {

protocol::CatalogParameter parameter(const char* name, double minimum, double maximum, double value,
                                     bool integer = true) {
  protocol::CatalogParameter spec;
  spec.name = name;
  spec.label = name;
  spec.help = std::string("fake ") + name;
  spec.minimum = minimum;
  spec.maximum = maximum;
  spec.defaultValue = value;
  spec.isInteger = integer;
  return spec;
}

protocol::CatalogMethod method(const char* name, std::vector<protocol::CatalogParameter> specs) {
  protocol::CatalogMethod described;
  described.name = name;
  described.summary = std::string("fake ") + name;
  described.needsModel = std::string(name) != "intensity";
  described.parameters = std::move(specs);
  return described;
}

}  // namespace

protocol::MethodCatalogData FakeCatalog::data() {
  auto ensemble = parameter("ensemble", 1, 32, 4);
  ensemble.volumeDefault = 3;
  protocol::MethodCatalogData catalog;
  catalog.methods = {
      method("intensity", {parameter("median", 0, 15, 5)}),
      method("ddpm", {parameter("noise-level", 1, 999, 100), parameter("steps", 1, 1000, 10),
                      ensemble, parameter("seed", 0, 2147483647, 0)}),
      method("ddim-cg",
             {parameter("noise-level", 1, 999, 250), parameter("steps", 1, 1000, 10),
              parameter("guidance-scale", 0, 200, 6, false), parameter("ensemble", 1, 32, 1)})};
  catalog.methods[1].calibration = {{"fpr_5", 0.5}, {"fpr_1", 0.7}};
  catalog.defaultMethod = "ddpm";
  catalog.modelName = "fake-model";
  return catalog;
}

void FakeCatalog::check(const std::string& name, const std::map<std::string, double>& parameters) {
  const auto catalog = data();
  const protocol::CatalogMethod* found = nullptr;
  for (const auto& candidate : catalog.methods) {
    if (candidate.name == name) found = &candidate;
  }
  if (found == nullptr) throw InvalidArgument("unknown method '" + name + "'");
  for (const auto& [key, value] : parameters) {
    const auto* spec = found->parameter(key);
    if (spec == nullptr)
      throw InvalidArgument("method '" + name + "' has no parameter '" + key + "'");
    if (value < spec->minimum || value > spec->maximum) {
      throw InvalidArgument("parameter '" + key + "' = " + std::to_string(value) + " is outside [" +
                            std::to_string(spec->minimum) + ", " + std::to_string(spec->maximum) +
                            "]");
    }
  }
}

}  // namespace anomadiff::test
