#include "findings/SessionFile.h"

#include "common/Error.h"

#include <QFile>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <array>

namespace anomadiff::gui {

namespace {

using nlohmann::json;

constexpr std::array<std::pair<SliceOrientation, const char*>, 3> kOrientationNames{
    {{SliceOrientation::Axial, "axial"},
     {SliceOrientation::Coronal, "coronal"},
     {SliceOrientation::Sagittal, "sagittal"}}};

const char* orientationName(SliceOrientation orientation) {
  for (const auto& [value, name] : kOrientationNames) {
    if (value == orientation) return name;
  }
  return "axial";
}

// Field access that names the field (with its parent, "view.slice") in every error, as
// nlohmann's own type errors do not.
class FieldReader {
 public:
  FieldReader(const json& node, std::string prefix) : m_node(node), m_prefix(std::move(prefix)) {}

  const json& at(const std::string& name, json::value_t type, const char* what) const {
    if (!m_node.is_object() || !m_node.contains(name)) throw fail(name, "is missing");
    const json& value = m_node.at(name);
    const bool numberWanted = type == json::value_t::number_float;
    const bool matches = numberWanted                            ? value.is_number()
                         : type == json::value_t::number_integer ? value.is_number_integer()
                                                                 : value.type() == type;
    if (!matches) throw fail(name, std::string("must be ") + what);
    return value;
  }
  std::string string(const std::string& name) const {
    return at(name, json::value_t::string, "a string").get<std::string>();
  }
  double number(const std::string& name) const {
    return at(name, json::value_t::number_float, "a number").get<double>();
  }
  int integer(const std::string& name) const {
    return at(name, json::value_t::number_integer, "an integer").get<int>();
  }
  const json& object(const std::string& name) const {
    return at(name, json::value_t::object, "an object");
  }

 private:
  IoError fail(const std::string& name, const std::string& problem) const {
    return IoError(m_prefix + name + " " + problem);
  }

  const json& m_node;
  std::string m_prefix;
};

SliceOrientation orientationFrom(const std::string& name) {
  for (const auto& [value, known] : kOrientationNames) {
    if (name == known) return value;
  }
  throw IoError("view.orientation '" + name + "' is not axial, coronal or sagittal");
}

std::map<std::string, double> parametersFrom(const FieldReader& root) {
  const json& node = root.object("parameters");
  const FieldReader fields(node, "parameters.");
  std::map<std::string, double> parameters;
  for (const auto& item : node.items()) parameters[item.key()] = fields.number(item.key());
  return parameters;
}

Session::ViewState viewFrom(const FieldReader& root) {
  const FieldReader view(root.object("view"), "view.");
  Session::ViewState state;
  state.orientation = orientationFrom(view.string("orientation"));
  state.slice = view.integer("slice");
  state.window = view.number("window");
  state.level = view.number("level");
  if (!(state.window > 0.0)) throw IoError("view.window must be > 0");
  return state;
}

}  // namespace

std::string SessionFile::toJson(const Session& session) const {
  const json root = {{"version", Session::kVersion},
                     {"image_path", session.imagePath},
                     {"result_folder", session.resultFolder},
                     {"method", session.method},
                     {"parameters", session.parameters},
                     {"findings", json::parse(BoxesJsonFile().toJson(session.findings))},
                     {"view",
                      {{"orientation", orientationName(session.view.orientation)},
                       {"slice", session.view.slice},
                       {"window", session.view.window},
                       {"level", session.view.level}}}};
  return root.dump(2) + "\n";
}

Session SessionFile::fromJson(const std::string& text, const std::string& origin) const {
  try {
    const json root = json::parse(text);
    const FieldReader fields(root, "");
    const int version = fields.integer("version");
    if (version != Session::kVersion) {
      throw IoError("version " + std::to_string(version) + " is not supported (expected " +
                    std::to_string(Session::kVersion) + ")");
    }
    Session session;
    session.imagePath = fields.string("image_path");
    session.resultFolder = fields.string("result_folder");
    session.method = fields.string("method");
    session.parameters = parametersFrom(fields);
    session.findings = BoxesJsonFile().fromJson(fields.object("findings").dump(), "findings");
    session.view = viewFrom(fields);
    return session;
  } catch (const json::exception& error) {
    throw IoError("session file '" + origin + "' is not valid JSON: " + error.what());
  } catch (const IoError& error) {
    throw IoError("session file '" + origin + "': " + error.what());
  }
}

void SessionFile::write(const Session& session, const std::filesystem::path& path) const {
  std::error_code ignored;
  if (!session.imagePath.empty() && std::filesystem::equivalent(path, session.imagePath, ignored)) {
    throw InvalidArgument("session file '" + path.string() +
                          "' is the session's input image; an input is never overwritten");
  }
  const QString name = QString::fromStdString(path.string());
  QSaveFile file(name);
  const std::string text = toJson(session);
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(text.data(), static_cast<qint64>(text.size())) !=
          static_cast<qint64>(text.size()) ||
      !file.commit()) {
    throw IoError("cannot write session file '" + path.string() +
                  "': " + file.errorString().toStdString());
  }
}

Session SessionFile::read(const std::filesystem::path& path) const {
  QFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::ReadOnly)) {
    throw IoError("cannot open session file '" + path.string() +
                  "': " + file.errorString().toStdString());
  }
  return fromJson(file.readAll().toStdString(), path.string());
}

}  // namespace anomadiff::gui
