#include "common/Error.h"
#include "engine/io/SafeTensorsFile.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/io/Sha256.h"
#include "engine/io/TorchRuntime.h"
#include "engine/networks/UNet.h"

#include "TestFolder.h"

#include <QtTest>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>

using anomadiff::IoError;
using anomadiff::engine::SafeTensorsFile;
using anomadiff::engine::SafeTensorsModule;
using anomadiff::engine::Sha256;
using anomadiff::engine::TorchRuntime;
using anomadiff::engine::UNet;
using anomadiff::engine::UNetConfig;
using anomadiff::test::TestFolder;

namespace {

std::string littleEndian64(std::uint64_t value) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  return bytes;
}

template <typename T>
std::string rawBytes(std::initializer_list<T> values) {
  std::string bytes;
  for (T value : values) bytes.append(reinterpret_cast<const char*>(&value), sizeof(T));
  return bytes;
}

// A safetensors file assembled by hand from the format description, independent of our writer.
// JSON is written with single quotes in this file (moc cannot parse raw string literals).
std::string handBuilt(std::string header, const std::string& data) {
  std::replace(header.begin(), header.end(), '\'', '"');
  return littleEndian64(header.size()) + header + data;
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

long maxResidentKilobytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Asserts that reading `path` throws IoError whose message names the file and every `needle`.
bool refusedNaming(const std::filesystem::path& path, std::initializer_list<const char*> needles,
                   QString* what) {
  try {
    SafeTensorsFile::read(path);
    *what = "accepted";
    return false;
  } catch (const IoError& error) {
    *what = error.what();
    if (!what->contains(QString::fromStdString(path.string()))) return false;
    for (const char* needle : needles) {
      if (!what->contains(needle)) return false;
    }
    return true;
  }
}

UNetConfig tinyConfig(int base = 8) {
  UNetConfig config;
  config.baseChannels = base;
  config.channelMultipliers = {1, 2};
  config.attentionHeads = 2;
  config.classes = 2;
  return config;
}

}  // namespace

class SafeTensorsFileTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(2); }

  void sha256MatchesStandardVectors() {
    // FIPS 180-2 appendix B examples and the empty string.
    QCOMPARE(Sha256::ofText("abc"),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(Sha256::ofText(""),
             std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(Sha256::ofText("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
             std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    // One million 'a' fed in uneven pieces exercises block boundaries of update().
    Sha256 million;
    const std::string piece(997, 'a');
    std::size_t fed = 0;
    while (fed < 1000000) {
      const std::size_t take = std::min<std::size_t>(piece.size(), 1000000 - fed);
      million.update(piece.data(), take);
      fed += take;
    }
    QCOMPARE(million.finishHex(),
             std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
  }

  void sha256OfFile() {
    TestFolder folder;
    writeBytes(folder / "abc.txt", "abc");
    QCOMPARE(Sha256::ofFile(folder / "abc.txt"),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QVERIFY_THROWS_EXCEPTION(IoError, Sha256::ofFile(folder / "missing.bin"));
  }

  void writeThenReadGivesIdenticalTensorsAndMetadata() {
    TestFolder folder;
    const std::map<std::string, torch::Tensor> tensors = {
        {"weights", torch::arange(24, torch::kFloat32).reshape({2, 3, 4}) * 0.37f - 2.0f},
        {"counter", torch::tensor({std::int64_t{1} << 40, std::int64_t{-7}}, torch::kInt64)},
        {"bytes", torch::tensor({0, 1, 255}, torch::kUInt8)},
        {"scalar", torch::full({}, 3.25, torch::kFloat64)},
        {"empty", torch::zeros({0, 3}, torch::kFloat32)},
        {"strided", torch::arange(12, torch::kInt32).reshape({3, 4}).t()}};
    const std::map<std::string, std::string> metadata = {{"format", "pt"}, {"note", "ünïcode ✓"}};
    const auto path = folder / "round.safetensors";
    SafeTensorsFile::write(path, tensors, metadata);

    const auto loaded = SafeTensorsFile::read(path);
    QCOMPARE(loaded.metadata, metadata);
    QCOMPARE(loaded.tensors.size(), tensors.size());
    for (const auto& [name, tensor] : tensors) {
      const auto& other = loaded.tensors.at(name);
      QVERIFY2(other.scalar_type() == tensor.scalar_type(), name.c_str());
      QVERIFY2(other.sizes().equals(tensor.sizes()), name.c_str());
      QVERIFY2(torch::equal(other, tensor), name.c_str());
    }
    // The writer leaves no temporary beside the output.
    const auto files = std::distance(std::filesystem::directory_iterator(folder.path()),
                                     std::filesystem::directory_iterator());
    QCOMPARE(files, std::ptrdiff_t{1});
  }

  void writerFollowsTheFormatSpecification() {
    // Parse our writer's output by hand, following the format description, not our reader.
    TestFolder folder;
    const auto path = folder / "spec.safetensors";
    SafeTensorsFile::write(path,
                           {{"b", torch::tensor({7}, torch::kInt64)},
                            {"a", torch::tensor({1.5f, -2.0f}, torch::kFloat32)}},
                           {{"k", "v"}});
    const std::string bytes = readBytes(path);
    QVERIFY(bytes.size() > 8);
    std::uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i)
      headerSize = (headerSize << 8) | static_cast<unsigned char>(bytes[i]);
    QCOMPARE(headerSize % 8, std::uint64_t{0});  // data section 8-byte aligned
    const auto header = nlohmann::json::parse(bytes.substr(8, headerSize));
    QCOMPARE(header.at("__metadata__"), nlohmann::json({{"k", "v"}}));
    QCOMPARE(header.at("a").at("dtype").get<std::string>(), std::string("F32"));
    QCOMPARE(header.at("a").at("shape"), nlohmann::json({2}));
    QCOMPARE(header.at("a").at("data_offsets"), nlohmann::json({0, 8}));  // sorted by name
    QCOMPARE(header.at("b").at("dtype").get<std::string>(), std::string("I64"));
    QCOMPARE(header.at("b").at("data_offsets"), nlohmann::json({8, 16}));
    const std::string data = bytes.substr(8 + headerSize);
    QCOMPARE(data, rawBytes<float>({1.5f, -2.0f}) + rawBytes<std::int64_t>({7}));
  }

  void readsAHandBuiltFile() {
    TestFolder folder;
    const auto path = folder / "hand.safetensors";
    // Key order, spacing and no padding differ from our writer's output on purpose.
    const std::string header =
        "{'z': {'dtype': 'F32', 'shape': [2, 1], 'data_offsets': [8, 16]},"
        " '__metadata__': {'who': 'hand'},"
        " 'y': {'dtype': 'I64', 'shape': [1], 'data_offsets': [0, 8]}}";
    writeBytes(path,
               handBuilt(header, rawBytes<std::int64_t>({-3}) + rawBytes<float>({0.25f, 8.0f})));
    const auto loaded = SafeTensorsFile::read(path);
    QCOMPARE(loaded.metadata.at("who"), std::string("hand"));
    QVERIFY(torch::equal(loaded.tensors.at("y"), torch::tensor({std::int64_t{-3}})));
    QVERIFY(torch::equal(loaded.tensors.at("z"), torch::tensor({0.25f, 8.0f}).reshape({2, 1})));
  }

  void refusesMalformedFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("needles");
    const auto row = [](const char* name, const std::string& bytes, QStringList needles) {
      QTest::newRow(name) << QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()))
                          << needles;
    };
    const std::string eight = rawBytes<float>({1.0f, 2.0f});
    const auto one = [](const char* dtype, const char* shape, const char* offsets) {
      return std::string("{'t':{'dtype':'") + dtype + "','shape':" + shape +
             ",'data_offsets':" + offsets + "}}";
    };
    row("shorter than the length field", "abcde", {"truncated"});
    row("header length larger than the file", littleEndian64(1000) + "{}", {"header of 1000"});
    row("header length 2^40", littleEndian64(std::uint64_t{1} << 40) + "{}", {"1099511627776"});
    row("truncated data", handBuilt(one("F32", "[2]", "[0,8]"), eight.substr(0, 5)), {"'t'"});
    row("offset past the end", handBuilt(one("F32", "[2]", "[4,12]"), eight), {"'t'", "past"});
    row("huge shape", handBuilt(one("F32", "[1099511627776]", "[0,8]"), eight), {"'t'", "shape"});
    row("shape/size mismatch", handBuilt(one("F32", "[3]", "[0,8]"), eight), {"'t'", "shape"});
    row("unsupported dtype", handBuilt(one("BF16", "[4]", "[0,8]"), eight), {"'t'", "BF16"});
    row("end before begin", handBuilt(one("F32", "[0]", "[8,0]"), eight), {"'t'"});
    row("negative offset", handBuilt(one("F32", "[2]", "[-8,0]"), eight), {"'t'"});
    row("overlapping tensors",
        handBuilt("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},"
                  "'b':{'dtype':'F32','shape':[2],'data_offsets':[4,12]}}",
                  eight + eight.substr(0, 4)),
        {"overlaps", "'a'", "'b'"});
    row("gap between tensors",
        handBuilt("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},"
                  "'b':{'dtype':'F32','shape':[1],'data_offsets':[8,12]}}",
                  eight + eight.substr(0, 4)),
        {"gap", "'b'"});
    row("bytes nobody owns", handBuilt(one("F32", "[2]", "[0,8]"), eight + eight), {"16"});
    row("not JSON", handBuilt("{\"t\": [", ""), {"JSON"});
    row("not an object", handBuilt("[1, 2]", ""), {"object"});
    row("missing field", handBuilt("{'t':{'dtype':'F32','shape':[2]}}", eight),
        {"'t'", "data_offsets"});
    row("metadata not strings", handBuilt("{'__metadata__':{'k':5}}", ""), {"'k'"});
    row("nested too deeply", handBuilt("{'t':{'shape':[[[[1]]]]}}", ""), {"deeply"});
  }

  void refusesMalformedFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, needles);
    TestFolder folder;
    const auto path = folder / "bad.safetensors";
    writeBytes(path, bytes.toStdString());
    const long before = maxResidentKilobytes();
    const auto start = std::chrono::steady_clock::now();
    try {
      SafeTensorsFile::read(path);
      QFAIL("malformed file accepted");
    } catch (const IoError& error) {
      const QString what = error.what();
      QVERIFY2(what.contains(QString::fromStdString(path.string())), qPrintable(what));
      for (const auto& needle : needles) QVERIFY2(what.contains(needle), qPrintable(what));
      QVERIFY2(!what.contains('\n'), qPrintable(what));
    }
    // Refused from the header alone: fast and without allocating what the header claims.
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    QVERIFY2(seconds < 0.5, qPrintable(QString::number(seconds)));
    QVERIFY(maxResidentKilobytes() - before < 64 * 1024);
  }

  void refusesHeaderBeyondTheLimitWithoutReadingIt() {
    // A sparse 200 MB file whose header claims 150 MB: within the file, beyond the 100 MB limit.
    TestFolder folder;
    const auto path = folder / "big-header.safetensors";
    writeBytes(path, littleEndian64(150ull * 1024 * 1024) + "{");
    std::filesystem::resize_file(path, 200ull * 1024 * 1024);
    const long before = maxResidentKilobytes();
    QString what;
    QVERIFY2(refusedNaming(path, {"limit"}, &what), qPrintable(what));
    QVERIFY(maxResidentKilobytes() - before < 64 * 1024);
  }

  void refusesMissingFile() {
    TestFolder folder;
    QString what;
    QVERIFY2(refusedNaming(folder / "missing.safetensors", {}, &what), qPrintable(what));
  }

  void writerRefusesUnsupportedTensors() {
    TestFolder folder;
    using anomadiff::InvalidArgument;
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument, SafeTensorsFile::write(folder / "x.safetensors",
                                                {{"half", torch::zeros({2}, torch::kFloat16)}}));
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument,
        SafeTensorsFile::write(folder / "x.safetensors", {{"__metadata__", torch::zeros({2})}}));
    QVERIFY(!std::filesystem::exists(folder / "x.safetensors"));
  }

  void moduleSaveThenLoadGivesIdenticalOutputs() {
    TestFolder folder;
    torch::manual_seed(0);
    UNet source(tinyConfig());
    {
      // Move every weight off its initial value (the output conv starts at zero).
      torch::NoGradGuard noGrad;
      for (auto& parameter : source->parameters()) parameter.normal_(0.0, 0.1);
    }
    const auto path = folder / "unet.safetensors";
    SafeTensorsModule::save(*source, path, {{"purpose", "test"}});

    torch::manual_seed(1);
    UNet target(tinyConfig());
    const auto x = torch::randn({2, 1, 16, 16});
    const auto t = torch::tensor({10, 500}, torch::kInt64);
    const auto labels = torch::tensor({1, -1}, torch::kInt64);
    torch::NoGradGuard noGrad;
    const auto expected = source->forward(x, t, labels);
    QVERIFY(expected.abs().max().item<float>() > 1e-3f);
    QVERIFY(!torch::equal(target->forward(x, t, labels), expected));
    const auto metadata = SafeTensorsModule::load(*target, path);
    QCOMPARE(metadata.at("purpose"), std::string("test"));
    QVERIFY(torch::equal(target->forward(x, t, labels), expected));
  }

  void loadingAnotherArchitectureFailsNamingTheTensor() {
    TestFolder folder;
    UNet small(tinyConfig(8));
    const auto path = folder / "small.safetensors";
    SafeTensorsModule::save(*small, path);

    UNet wider(tinyConfig(16));
    const auto before = SafeTensorsModule::namedTensors(*wider);
    std::map<std::string, torch::Tensor> copies;
    for (const auto& [name, tensor] : before) copies[name] = tensor.clone();
    try {
      SafeTensorsModule::load(*wider, path);
      QFAIL("weights of another width accepted");
    } catch (const IoError& error) {
      const QString what = error.what();
      QVERIFY2(what.contains("shape") && what.contains("tensor '") &&
                   what.contains(QString::fromStdString(path.string())),
               qPrintable(what));
    }
    // Nothing was copied into the model before the mismatch was found.
    for (const auto& [name, tensor] : SafeTensorsModule::namedTensors(*wider)) {
      QVERIFY2(torch::equal(tensor, copies.at(name)), name.c_str());
    }

    auto deeperConfig = tinyConfig(8);
    deeperConfig.channelMultipliers = {1, 2, 2};
    UNet deeper(deeperConfig);
    try {
      SafeTensorsModule::load(*deeper, path);
      QFAIL("weights of another depth accepted");
    } catch (const IoError& error) {
      QVERIFY2(QString(error.what()).contains("lacks tensor '"), error.what());
    }

    auto unconditional = tinyConfig(8);
    unconditional.classes = 0;
    UNet plain(unconditional);
    try {
      SafeTensorsModule::load(*plain, path);
      QFAIL("weights with a class embedding accepted by an unconditional model");
    } catch (const IoError& error) {
      QVERIFY2(QString(error.what()).contains("'class_embedding.weight'"), error.what());
    }
  }
};

QTEST_APPLESS_MAIN(SafeTensorsFileTest)
#include "SafeTensorsFileTest.moc"
