// The worker protocol's codec (core/protocol), which both processes use: every request and event
// survives encode -> decode, absent fields take the documented defaults, a bad request is refused
// with a message naming the field and with its id, and the wire names are the documented ones
// (docs/ARCHITECTURE.md §3), checked on the JSON text itself, not through the codec.
#include "protocol/ResultFiles.h"
#include "protocol/WorkerEvent.h"
#include "protocol/WorkerRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <set>

using namespace anomadiff;
using namespace anomadiff::protocol;

namespace {

QJsonObject wire(const std::string& line) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
}

QString refusal(const std::string& line) {
  try {
    decodeRequest(line);
  } catch (const RequestError& error) {
    return QString::fromStdString(error.what()) + " | id " +
           QString::fromStdString(error.id().value_or("none"));
  }
  return "accepted";
}

LocalizeCommand fullLocalize() {
  LocalizeCommand command;
  command.input = "/data/scan é.nii.gz";
  command.outputDir = "/runs/1";
  command.mask = "/data/mask.nii.gz";
  command.method = "ddpm";
  command.model = "/models/m";
  command.parameters = {{"noise-level", 250}, {"guidance-scale", 2.5}};
  command.threshold = "fpr1";
  command.findingGate = "mass:12.5";
  command.findingPeak = "none";
  command.minimumBoxArea = 4;
  command.scanKind = "raw";
  command.registration = "off";
  command.biasCorrection = "off";
  command.threads = 3;
  return command;
}

CatalogMethod sampleMethod() {
  CatalogMethod method;
  method.name = "ddpm";
  method.summary = "partial diffusion";
  method.needsModel = true;
  CatalogParameter ensemble;
  ensemble.name = "ensemble";
  ensemble.label = "Ensemble N";
  ensemble.help = "members";
  ensemble.minimum = 1;
  ensemble.maximum = 32;
  ensemble.defaultValue = 5;
  ensemble.isInteger = true;
  ensemble.volumeDefault = 3;
  method.parameters = {ensemble, CatalogParameter{ParameterSpec::choice(
                                     "sampler", "Sampler", "how", {"ddim", "ddpm", "heun"}, 1)}};
  method.calibration = {{"fpr_5", 0.18}, {"fpr_1", 0.25}};
  method.boxGateJson = R"({"statistic":"mass","value":3027.5})";
  return method;
}

}  // namespace

class WorkerProtocolTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void localizeSurvivesTheRoundTrip() {
    const auto line = encodeRequest({"7", fullLocalize()});
    const auto decoded = decodeRequest(line);
    QCOMPARE(decoded.id.value_or(""), std::string("7"));
    const auto& command = std::get<LocalizeCommand>(decoded.command);
    const auto expected = fullLocalize();
    QCOMPARE(command.input, expected.input);
    QCOMPARE(command.outputDir, expected.outputDir);
    QCOMPARE(command.mask, expected.mask);
    QCOMPARE(command.method, expected.method);
    QCOMPARE(command.model, expected.model);
    QVERIFY(command.parameters == expected.parameters);
    QCOMPARE(command.threshold, expected.threshold);
    QCOMPARE(command.findingGate, expected.findingGate);
    QCOMPARE(command.findingPeak, expected.findingPeak);
    QCOMPARE(command.minimumBoxArea, expected.minimumBoxArea);
    QCOMPARE(command.scanKind, expected.scanKind);
    QCOMPARE(command.registration, expected.registration);
    QCOMPARE(command.biasCorrection, expected.biasCorrection);
    QCOMPARE(command.threads, expected.threads);
  }

  void localizeUsesTheDocumentedWireNames() {
    const QJsonObject json = wire(encodeRequest({"7", fullLocalize()}));
    QCOMPARE(json["cmd"].toString(), QString("localize"));
    QCOMPARE(json["id"].toString(), QString("7"));
    QCOMPARE(json["output_dir"].toString(), QString("/runs/1"));
    QCOMPARE(json["finding_gate"].toString(), QString("mass:12.5"));
    QCOMPARE(json["min_box_area"].toInt(), 4);
    QCOMPARE(json["scan_kind"].toString(), QString("raw"));
    QCOMPARE(json["bias_correction"].toString(), QString("off"));
    QCOMPARE(json["parameters"].toObject()["guidance-scale"].toDouble(), 2.5);
    QCOMPARE(json["threads"].toInt(), 3);
  }

  void absentFieldsTakeTheDefaults() {
    const auto decoded = decodeRequest(R"({"cmd":"localize","input":"a.nii","output_dir":"out"})");
    QVERIFY(!decoded.id);
    const auto& command = std::get<LocalizeCommand>(decoded.command);
    QVERIFY(!command.mask && !command.method && !command.model);
    QVERIFY(command.parameters.empty());
    QCOMPARE(command.threshold, std::string("auto"));
    QCOMPARE(command.findingGate, std::string("auto"));
    QCOMPARE(command.minimumBoxArea, std::size_t{10});
    QCOMPARE(command.scanKind, std::string("detect"));
    QCOMPARE(command.registration, std::string("auto"));
    QCOMPARE(command.threads, std::size_t{0});  // the worker's own --threads
  }

  void everyOtherCommandRoundTrips() {
    const auto methods = decodeRequest(encodeRequest({"m", MethodsCommand{"/models/x"}}));
    QCOMPARE(std::get<MethodsCommand>(methods.command).model.value_or(""),
             std::string("/models/x"));
    const auto load = decodeRequest(encodeRequest({"l", LoadModelCommand{"thor", std::nullopt}}));
    QCOMPARE(std::get<LoadModelCommand>(load.command).method.value_or(""), std::string("thor"));
    QVERIFY(!std::get<LoadModelCommand>(load.command).model);
    QVERIFY(std::holds_alternative<CancelCommand>(
        decodeRequest(encodeRequest({"c", CancelCommand{}})).command));
    QVERIFY(std::holds_alternative<QuitCommand>(
        decodeRequest(encodeRequest({std::nullopt, QuitCommand{}})).command));
    QCOMPARE(wire(encodeRequest({"l", LoadModelCommand{}}))["cmd"].toString(),
             QString("load-model"));
    QVERIFY(std::holds_alternative<PingCommand>(
        decodeRequest(encodeRequest({"p", PingCommand{}})).command));
    QCOMPARE(wire(encodeRequest({"p", PingCommand{}}))["cmd"].toString(), QString("ping"));
  }

  void badRequestsAreRefusedWithTheFieldAndTheId() {
    QCOMPARE(refusal("not json"), QString("request is not a JSON object: not json | id none"));
    QCOMPARE(refusal("[1,2]"), QString("request is not a JSON object: [1,2] | id none"));
    QCOMPARE(refusal(R"({"id":"a"})"), QString("request has no string field 'cmd' | id a"));
    QVERIFY(refusal(R"({"id":"a","cmd":"fly"})")
                .startsWith("unknown command 'fly' (localize, methods, load-model, cancel, quit, "
                            "ping)"));
    QCOMPARE(refusal(R"({"id":"b","cmd":"localize","output_dir":"o"})"),
             QString("request has no string field 'input' | id b"));
    QCOMPARE(refusal(R"({"id":"c","cmd":"localize","input":"i","output_dir":"o","mask":3})"),
             QString("request field 'mask' is not a string | id c"));
    QCOMPARE(
        refusal(R"({"id":"d","cmd":"localize","input":"i","output_dir":"o","parameters":[1]})"),
        QString("request field 'parameters' is not an object of numbers | id d"));
    QCOMPARE(
        refusal(
            R"({"id":"e","cmd":"localize","input":"i","output_dir":"o","parameters":{"L":"x"}})"),
        QString("parameter 'L' is not a number | id e"));
    QCOMPARE(
        refusal(R"({"id":"f","cmd":"localize","input":"i","output_dir":"o","min_box_area":-2})"),
        QString("request field 'min_box_area' is not a non-negative integer | id f"));
    QCOMPARE(refusal(R"({"id":{"x":1},"cmd":"quit"})"),
             QString("request field 'id' is not a string | id none"));
    // A number is a usable id: its decimal text is echoed.
    QCOMPARE(decodeRequest(R"({"id":12,"cmd":"cancel"})").id.value_or(""), std::string("12"));
  }

  void eventsSurviveTheRoundTrip() {
    const auto progress = decodeEvent(encodeEvent({"3", ProgressEvent{4, 10, "denoise"}}));
    QVERIFY(progress);
    QCOMPARE(progress->id.value_or(""), std::string("3"));
    QCOMPARE(std::get<ProgressEvent>(progress->body).done, 4);
    QCOMPARE(std::get<ProgressEvent>(progress->body).stage, std::string("denoise"));

    LocalizeResultEvent result;
    result.outputDir = "/runs/2";
    result.method = "ddpm";
    result.boxes = 3;
    result.threshold = 0.18;
    result.thresholdSource = "calibrated fpr5";
    result.seconds = 12.5;
    result.warnings = {"registration doubtful"};
    result.networkEvaluations = 120;
    const auto decoded = decodeEvent(encodeEvent({"4", result}));
    const auto& back = std::get<LocalizeResultEvent>(decoded->body);
    QCOMPARE(back.outputDir, result.outputDir);
    QCOMPARE(back.boxes, result.boxes);
    QCOMPARE(back.threshold, result.threshold);
    QCOMPARE(back.thresholdSource, result.thresholdSource);
    QCOMPARE(back.seconds, result.seconds);
    QVERIFY(back.warnings == result.warnings);
    QCOMPARE(back.networkEvaluations, result.networkEvaluations);

    const auto loaded = decodeEvent(encodeEvent({"5", ModelLoadedEvent{"ddpm", "m", "abc"}}));
    QCOMPARE(std::get<ModelLoadedEvent>(loaded->body).modelSha256, std::string("abc"));
    QVERIFY(std::holds_alternative<CancelledEvent>(
        decodeEvent(encodeEvent({"6", CancelledEvent{}}))->body));
    const auto pong = decodeEvent(encodeEvent({"7", PongEvent{}}));
    QVERIFY(pong && std::holds_alternative<PongEvent>(pong->body));
    QCOMPARE(pong->id.value_or(""), std::string("7"));
    QCOMPARE(wire(encodeEvent({"7", PongEvent{}}))["event"].toString(), QString("pong"));
    const auto error = decodeEvent(encodeEvent({std::nullopt, ErrorEvent{"bad line"}}));
    QVERIFY(!error->id);
    QCOMPARE(std::get<ErrorEvent>(error->body).message, std::string("bad line"));
  }

  void eventsUseTheDocumentedWireNames() {
    QCOMPARE(wire(encodeEvent({std::nullopt, ReadyEvent{"0.1.0"}}))["event"].toString(),
             QString("ready"));
    const QJsonObject preview = wire(encodeEvent({"1", PreviewEvent{"/tmp/p.nii", 2}}));
    QCOMPARE(preview["event"].toString(), QString("preview"));
    QCOMPARE(preview["file"].toString(), QString("/tmp/p.nii"));
    LocalizeResultEvent result;
    result.thresholdSource = "fpr5";
    const QJsonObject json = wire(encodeEvent({"1", result}));
    QCOMPARE(json["event"].toString(), QString("result"));
    QVERIFY(json.contains("output_dir") && json.contains("network_evaluations"));
    QCOMPARE(json["threshold_source"].toString(), QString("fpr5"));
  }

  void unknownOrBrokenEventsAreSkipped() {
    QVERIFY(!decodeEvent("garbage"));
    QVERIFY(!decodeEvent(R"({"event":"teleport","id":"1"})"));
    QVERIFY(!decodeEvent(R"(["event"])"));
    // Missing fields read as defaults instead of failing the whole event.
    const auto progress = decodeEvent(R"({"event":"progress","id":"1","done":"x"})");
    QVERIFY(progress);
    QCOMPARE(std::get<ProgressEvent>(progress->body).done, 0);
    // Found by fuzz_worker_protocol: a float where an integer belongs was converted without a
    // range check (undefined behaviour); it now reads as the default like any mistyped field.
    const auto huge = decodeEvent(R"({"event":"progress","id":"1","done":1e30,"total":4})");
    QVERIFY(huge);
    QCOMPARE(std::get<ProgressEvent>(huge->body).done, 0);
    QCOMPARE(std::get<ProgressEvent>(huge->body).total, 4);
    const auto result = decodeEvent(R"({"event":"result","id":"1","boxes":-2.5e100})");
    QVERIFY(result);
    QCOMPARE(std::get<LocalizeResultEvent>(result->body).boxes, std::size_t{0});
  }

  void invalidUtf8IsReplacedNotThrown() {
    const std::string broken = std::string("/tmp/\xff\xfe.nii");
    std::string line;
    QVERIFY_THROWS_NO_EXCEPTION(line = encodeEvent({"1", PreviewEvent{broken, 1}}));
    QVERIFY(decodeEvent(line).has_value());
  }

  void theCatalogKeepsDefaultsVolumeDefaultsAndCalibration() {
    MethodCatalogData catalog;
    catalog.methods = {sampleMethod()};
    catalog.defaultMethod = "ddpm";
    catalog.modelName = "default";
    const auto decoded = decodeEvent(encodeEvent({"m", MethodsEvent{catalog}}));
    const auto& back = std::get<MethodsEvent>(decoded->body).catalog;
    QCOMPARE(back.defaultMethod, std::string("ddpm"));
    QCOMPARE(back.modelName, std::string("default"));
    QCOMPARE(back.methods.size(), std::size_t{1});
    const auto* ensemble = back.methods[0].parameter("ensemble");
    QVERIFY(ensemble != nullptr);
    QCOMPARE(ensemble->label, std::string("Ensemble N"));
    QCOMPARE(ensemble->defaultValue, 5.0);
    QVERIFY(ensemble->isInteger);
    QCOMPARE(ensemble->volumeDefault.value_or(-1), 3.0);
    const auto* sampler = back.methods[0].parameter("sampler");
    QVERIFY(sampler != nullptr);
    QVERIFY(sampler->choices == (std::vector<std::string>{"ddim", "ddpm", "heun"}));
    QCOMPARE(sampler->defaultValue, 1.0);
    QCOMPARE(sampler->maximum, 2.0);
    QCOMPARE(sampler->choiceIndex("heun").value_or(9), std::size_t{2});
    QVERIFY(!sampler->choiceIndex("euler"));
    QCOMPARE(back.methods[0].calibration.at("fpr_5"), 0.18);
    QCOMPARE(back.methods[0].boxGateJson, sampleMethod().boxGateJson);
    QVERIFY(back.methods[0].needsModel);

    const QJsonObject json = wire(encodeCatalog(catalog));
    const auto parameter = json["methods"].toArray()[0].toObject()["parameters"].toArray()[0];
    QCOMPARE(parameter.toObject()["volume_default"].toDouble(), 3.0);
    QCOMPARE(parameter.toObject()["default"].toDouble(), 5.0);
    QCOMPARE(json["methods"]
                 .toArray()[0]
                 .toObject()["calibration"]
                 .toObject()["box_gate"]
                 .toObject()["statistic"]
                 .toString(),
             QString("mass"));
  }

  void resultFileNamesAreDistinctNiftiOrDocuments() {
    const auto names = ResultFiles::localizeOutputs();
    QCOMPARE(names.size(), std::size_t{9});
    QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), names.size());
    for (const auto& name : names) {
      const QString text = QString::fromStdString(name);
      QVERIFY2(text.endsWith(".nii.gz") || text.endsWith(".json") || text.endsWith(".csv") ||
                   text.endsWith(".html") || text.endsWith(".pdf"),
               qPrintable(text));
    }
  }
};

QTEST_APPLESS_MAIN(WorkerProtocolTest)
#include "WorkerProtocolTest.moc"
