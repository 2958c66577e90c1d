#pragma once

#include "localize/Localizer.h"

#include <QtPlugin>

#include <memory>

namespace anomadiff {

/// The Qt plugin interface every method plugin implements (see anomadiff_add_localizer).
class LocalizerFactory {
 public:
  virtual ~LocalizerFactory() = default;
  virtual std::unique_ptr<Localizer> create() const = 0;
};

}  // namespace anomadiff

#define ANOMADIFF_LOCALIZER_FACTORY_IID "org.anomadiff.LocalizerFactory/1.0"
Q_DECLARE_INTERFACE(anomadiff::LocalizerFactory, ANOMADIFF_LOCALIZER_FACTORY_IID)
