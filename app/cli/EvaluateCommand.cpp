#include "cli/EvaluateCommand.h"

#include "cli/ConsoleProgress.h"
#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "engine/io/TorchRuntime.h"
#include "report/CurveFigure.h"
#include "run/CaseEvaluation.h"
#include "run/FindingGateChoice.h"
#include "run/FrocReport.h"
#include "run/NumberText.h"
#include "run/RunProvenance.h"
#include "run/SliceCases.h"
#include "run/ThresholdChoice.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace anomadiff::cli {
namespace {

double thresholdFor(const std::string& text, const run::PreparedMethod& method) {
  const std::string name = method.localizer->name();
  if (text == "fpr5" || text == "fpr1") {
    const auto value = run::ThresholdChoice::calibrated(method.modelDescription, name,
                                                        text == "fpr5" ? "fpr_5" : "fpr_1");
    if (!value) {
      throw InvalidArgument("the model bundle has no calibrated threshold for method '" + name +
                            "': run `anomadiff-cli calibrate` first or give --threshold VALUE");
    }
    return *value;
  }
  if (const auto value = run::parseNumber(text); value && std::isfinite(*value)) return *value;
  throw InvalidArgument("evaluate needs --threshold fpr5, fpr1 or a number, not '" + text + "'");
}

std::string tableLine(const std::string& method, const run::EvaluationSummary& s) {
  std::ostringstream line;
  line << std::fixed << std::setprecision(3) << "| " << method << " | " << s.lesionCases << " | "
       << s.pixels.averagePrecision << " | " << s.pixels.auroc << " | " << s.pixels.bestDice
       << " | " << s.atThreshold.dice << " | " << s.boxRecall30 << " | " << s.boxRecall50 << " | "
       << s.boxPrecision30 << " | ";
  if (s.healthySlices > 0) {
    line << s.healthyMae << " | " << s.healthyWithBoxesAtFpr1 << "/" << s.healthySlices;
  } else {
    line << "– | –";
  }
  line << " | " << std::setprecision(2) << s.secondsPerSlice << " |";
  return line.str();
}

/// Where on healthy anatomy the map fires: a calibrated 5 % threshold should mark about 5 % of
/// each class; far more of the darkest pixels means it lights normal CSF.
std::string healthyResponseLine(const run::EvaluationSummary& s) {
  if (s.healthySlices == 0) return "";
  std::ostringstream line;
  line << std::fixed << std::setprecision(3)
       << "healthy brain pixels above the threshold: darkest 10 % " << s.healthyDarkestAbove
       << ", middle " << s.healthyMiddleAbove << ", brightest 10 % " << s.healthyBrightestAbove
       << "\n";
  return line.str();
}

/// One row per stratum: where a method wins or loses (lesion family, lesion size).
std::string strataTable(const run::EvaluationSummary& s) {
  if (s.strata.empty()) return "";
  std::ostringstream table;
  table << "| stratum | cases | AP | AUROC | best Dice |\n";
  table << std::fixed << std::setprecision(3);
  for (const auto& [stratum, entry] : s.strata) {
    table << "| " << stratum << " | " << entry.first << " | " << entry.second.averagePrecision
          << " | " << entry.second.auroc << " | " << entry.second.bestDice << " |\n";
  }
  return table.str();
}

/// pr_curve.png and roc_curve.png of the pooled lesion-case pixels, the method named with its AP
/// and AUROC.
void writeCurves(const std::filesystem::path& folder, const std::string& method,
                 const run::EvaluationSummary& s) {
  if (s.pixelCurve.empty()) return;  // no lesion pixels were scored
  const auto cases = std::to_string(s.lesionCases) + " lesion cases";
  const double prevalence = static_cast<double>(s.pixels.positives) /
                            static_cast<double>(s.pixels.positives + s.pixels.negatives);
  CurveFigure::precisionRecall("Pixel precision-recall, " + cases, prevalence)
      .write({{method, s.pixels.averagePrecision, s.pixelCurve}}, folder / "pr_curve.png");
  CurveFigure::roc("Pixel ROC, " + cases)
      .write({{method, s.pixels.auroc, s.pixelCurve}}, folder / "roc_curve.png");
}

/// The active gate as metrics.json records it (boxes.json's keys).
void writeGate(nlohmann::json& document, const run::FindingGateChoice& choice) {
  const BoxGate& gate = choice.gate;
  document["finding_gate"] =
      gate.isOpen() ? nlohmann::json(nullptr) : nlohmann::json::parse(gate.toJson());
  document["finding_gate_source"] = choice.source;
}

std::string gateLine(const run::FindingGateChoice& choice) {
  std::ostringstream line;
  line << "finding gate ";
  if (choice.gate.isOpen()) {
    line << "none (every component above the threshold)";
  } else {
    line << BoxGate::nameOf(choice.gate.statistic()) << " >= " << choice.gate.minimum() << " ("
         << choice.source << ")";
  }
  return line.str() + "; box recall / precision use it\n";
}

}  // namespace

CLI::App* EvaluateCommand::addTo(CLI::App& app) {
  auto* c = app.add_subcommand("evaluate",
                               "Pixel and box metrics of a method on lesion and healthy cases");
  c->add_option("--cases", m_cases, "make-lesions output folder (case_*_image/label/brain)")
      ->required();
  c->add_option("--healthy", m_healthyVolume, "Healthy volume for MAE and false-box checks");
  c->add_option("--healthy-slices", m_healthySlices, "Axial slices A:B of the healthy volume");
  c->add_option("--healthy-mask", m_healthyMask, "Brain mask of the healthy volume");
  c->add_option("--output-dir,-o", m_outputDir,
                "Folder for metrics.json, cases.csv, pr_curve.png, roc_curve.png and froc.png");
  m_method.addTo(*c);
  c->add_option("--threshold", m_threshold,
                "fpr5 | fpr1 (the bundle's calibrated values) | VALUE: Dice and boxes use it")
      ->capture_default_str();
  c->add_option("--min-box-area", m_minimumBoxArea, "Smallest reported component, in voxels")
      ->capture_default_str();
  c->add_option("--finding-gate", m_findingGate,
                "auto (the bundle's calibrated gate, else its calibrated peak) | none | "
                "STAT:VALUE (STAT mean, peak or mass): what box recall / precision count")
      ->capture_default_str();
  c->add_option("--finding-peak", m_findingPeak,
                "auto | none | VALUE: the same as --finding-gate peak:VALUE (older option)")
      ->capture_default_str();
  c->add_option("--limit", m_limit, "Evaluate only the first N lesion cases");
  c->add_flag("--quiet,-q", m_quiet, "No progress bar");
  return c;
}

int EvaluateCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  engine::TorchRuntime::setThreads(m_method.threads());
  if (m_healthyVolume && m_healthySlices.empty()) {
    throw InvalidArgument("--healthy needs --healthy-slices A:B");
  }
  auto cases = run::SliceCases::fromCaseFolder(m_cases);
  if (m_limit && *m_limit < cases.size()) cases.resize(*m_limit);
  std::vector<run::SliceCase> healthy;
  if (m_healthyVolume) {
    healthy = run::SliceCases::healthySlices(*m_healthyVolume, m_healthyMask, m_healthySlices);
  }
  run::PreparedMethod method = m_method.prepare();
  const double threshold = thresholdFor(m_threshold, method);
  const auto fpr1 =
      run::ThresholdChoice::calibrated(method.modelDescription, method.localizer->name(), "fpr_1");
  const auto gate = run::FindingGateChoice::resolve(
      m_findingGate, m_findingPeak, method.modelDescription, method.localizer->name());
  run::CaseEvaluation evaluation(*method.localizer, method.parameters, threshold,
                                 fpr1.value_or(threshold), m_minimumBoxArea, gate.gate);
  const auto start = std::chrono::steady_clock::now();
  std::size_t done = 0;
  const std::size_t total = cases.size() + healthy.size();
  for (const auto& item : cases) {
    ConsoleProgress progress(err, m_quiet);
    evaluation.addLesionCase(item, progress);
    if (!m_quiet) err << item.name << " (" << ++done << "/" << total << ")\n";
  }
  for (const auto& item : healthy) {
    ConsoleProgress progress(err, m_quiet);
    evaluation.addHealthySlice(item, progress);
    if (!m_quiet) err << "healthy " << item.name << " (" << ++done << "/" << total << ")\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run::EvaluationSummary summary = evaluation.summary();
  summary.secondsPerSlice = seconds / static_cast<double>(total);

  out << "| method | cases | AP | AUROC | best Dice | Dice@thr | box recall@0.3 | @0.5 | "
         "box precision@0.3 | healthy MAE | healthy slices with boxes @1% | s/slice |\n";
  out << tableLine(method.localizer->name(), summary) << "\n";
  out << "threshold " << threshold << " (" << m_threshold << "), best-Dice threshold "
      << summary.pixels.bestThreshold << "\n";
  out << gateLine(gate);
  out << healthyResponseLine(summary);
  out << strataTable(summary);
  const run::FrocReport froc(evaluation.frocCurves());
  if (froc.available()) {
    out << froc.table() << froc.strataTable();
  } else {
    out << "FROC omitted: it needs healthy slices (--healthy, --healthy-slices)\n";
  }
  if (m_outputDir) {
    std::filesystem::create_directories(*m_outputDir);
    nlohmann::json document = summary.toJson();
    document["threshold"] = threshold;
    document["threshold_source"] = m_threshold;
    writeGate(document, gate);
    if (froc.available()) document["froc"] = froc.toJson();
    document["cases_folder"] = m_cases.string();
    const auto provenance = run::RunProvenance::of(method, m_cases.string());
    document["provenance"] = {
        {"app_version", provenance.appVersion}, {"method", provenance.method},
        {"model_name", provenance.modelName},   {"model_sha256", provenance.modelHash},
        {"parameters", provenance.parameters},  {"threads", provenance.threads},
        {"created_utc", provenance.createdUtc}};
    TextFileWriter().write(*m_outputDir / "metrics.json", document.dump(2) + "\n");
    TextFileWriter().write(*m_outputDir / "cases.csv", evaluation.casesCsv());
    writeCurves(*m_outputDir, method.localizer->name(), summary);
    if (froc.available()) froc.writeFigure(*m_outputDir / "froc.png", method.localizer->name());
  }
  return 0;
}

}  // namespace anomadiff::cli
