#include "engine/networks/FlopCounter.h"

#include <QtTest>

#include <torch/torch.h>

using anomadiff::engine::FlopCounter;

class FlopCounterTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void countsConvolutionsFromShapes() {
    c10::InferenceMode inference;
    auto conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 5, 3).padding(1).stride(2));
    FlopCounter counter;
    conv->forward(torch::randn({2, 3, 8, 10}));
    // 2 images · 5 output channels · (4·5 output pixels) · (3·3·3 multiply-adds) · 2.
    QCOMPARE(counter.flops(), 2.0 * 2 * 5 * 4 * 5 * 27);
  }

  void countsMatrixProductsOnceAcrossWrappers() {
    c10::InferenceMode inference;
    auto linear = torch::nn::Linear(6, 4);
    const auto a = torch::randn({3, 7, 5}), b = torch::randn({3, 5, 2});
    FlopCounter counter;
    linear->forward(torch::randn({9, 6}));  // addmm: 9·6·4
    torch::matmul(a, b);                    // bmm: 3·7·5·2
    QCOMPARE(counter.flops(), 2.0 * (9 * 6 * 4 + 3 * 7 * 5 * 2));
  }

  void ignoresWorkOutsideItsLifetime() {
    c10::InferenceMode inference;
    const auto a = torch::randn({4, 4});
    torch::mm(a, a);
    FlopCounter counter;
    torch::relu(a);
    QCOMPARE(counter.flops(), 0.0);
  }
};

QTEST_APPLESS_MAIN(FlopCounterTest)
#include "FlopCounterTest.moc"
