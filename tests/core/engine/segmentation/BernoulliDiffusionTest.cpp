// Bernoulli diffusion (docs/ARCHITECTURE.md §5.5) against closed form and first principles: the
// marginal q(x_t | x_0) and the posterior q(x_s | x_t, x_0) of BernoulliDiffusion are compared
// with products of the one-step 2 × 2 transition matrices (exact, in double) and with Bayes' rule
// over those matrices, and the marginal flip probability with a simulation of the bit-flipping
// chain itself.
#include "common/Error.h"
#include "engine/segmentation/BernoulliDiffusion.h"

#include <QtTest>

#include <torch/torch.h>

#include <array>
#include <cmath>

using anomadiff::InvalidArgument;
using namespace anomadiff::engine;

namespace {

/// P[a][b] = P(x_next = b | x_prev = a).
using Transition = std::array<std::array<double, 2>, 2>;

Transition identity() {
  return {{{1.0, 0.0}, {0.0, 1.0}}};
}

/// One step of the forward kernel: keep with 1 − β, else a fair coin.
Transition stepOf(double beta) {
  return {{{1.0 - beta / 2.0, beta / 2.0}, {beta / 2.0, 1.0 - beta / 2.0}}};
}

Transition times(const Transition& a, const Transition& b) {
  Transition product{};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) product[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
  return product;
}

/// The chain's transition from level `from` (−1: the clean image) to level `to`.
Transition chain(const NoiseSchedule& schedule, int from, int to) {
  Transition result = identity();
  for (int t = from + 1; t <= to; ++t) result = times(result, stepOf(schedule.beta(t)));
  return result;
}

double value(const torch::Tensor& tensor) {
  return tensor.item<double>();
}

torch::Tensor scalar(double x) {
  return torch::full({1}, x, torch::kFloat64);
}

}  // namespace

class BernoulliDiffusionTest : public QObject {
  Q_OBJECT

  NoiseSchedule m_schedule = NoiseSchedule::linear();

 private Q_SLOTS:
  void marginalIsTheChainOfKernels() {
    const BernoulliDiffusion diffusion(m_schedule);
    for (int t : {0, 1, 10, 100, 400, 999}) {
      const auto exact = chain(m_schedule, -1, t);
      for (int x0 : {0, 1}) {
        const double closed = value(diffusion.marginal(scalar(x0), t));
        QVERIFY2(std::abs(closed - exact[x0][1]) < 1e-9,
                 qPrintable(
                     QString("t %1 x0 %2: %3 vs %4").arg(t).arg(x0).arg(closed).arg(exact[x0][1])));
      }
      QVERIFY(std::abs(diffusion.flipProbability(t) - exact[1][0]) < 1e-9);
    }
    // Pure noise at the end of the schedule: a fair coin whatever the mask was.
    QVERIFY(std::abs(diffusion.flipProbability(999) - 0.5) < 1e-4);
    QCOMPARE(diffusion.flipProbability(-1), 0.0);
  }

  void perRowMarginalMatchesTheScalarOne() {
    const BernoulliDiffusion diffusion(m_schedule);
    const auto x0 = torch::tensor({0.0, 1.0, 1.0, 0.25}, torch::kFloat64).view({4, 1, 1, 1});
    const auto levels = torch::tensor({3, 200, 999, 50}, torch::kInt64);
    const auto rows = diffusion.marginal(x0, levels);
    for (int i = 0; i < 4; ++i) {
      const int t = static_cast<int>(levels[i].item<std::int64_t>());
      QVERIFY(std::abs(value(rows[i]) - value(diffusion.marginal(x0[i], t))) < 1e-12);
    }
  }

  void simulatedChainFlipsAsTheClosedFormSays() {
    // 40000 ones pushed through 300 steps of "keep with 1 − β, else a fair coin".
    constexpr int kBits = 40000;
    constexpr int kSteps = 300;
    torch::manual_seed(7);
    auto bits = torch::ones({kBits}, torch::kFloat64);
    for (int t = 0; t < kSteps; ++t) {
      const auto redraw = torch::rand({kBits}, torch::kFloat64) < m_schedule.beta(t);
      const auto coin = torch::bernoulli(torch::full({kBits}, 0.5, torch::kFloat64));
      bits = torch::where(redraw, coin, bits);
    }
    const double flipped = 1.0 - bits.mean().item<double>();
    const double expected = BernoulliDiffusion(m_schedule).flipProbability(kSteps - 1);
    const double sigma = std::sqrt(expected * (1.0 - expected) / kBits);
    QVERIFY2(std::abs(flipped - expected) < 4.0 * sigma,
             qPrintable(QString("%1 vs %2 ± %3").arg(flipped).arg(expected).arg(sigma)));
  }

  void posteriorIsBayesRuleOverTheKernels() {
    const BernoulliDiffusion diffusion(m_schedule);
    // One step, respaced jumps, and the last step to the clean mask.
    const std::array<std::pair<int, int>, 6> pairs = {
        {{1, 0}, {10, 9}, {500, 499}, {999, 899}, {300, 100}, {50, 3}}};
    for (const auto& [t, s] : pairs) {
      const auto prior = chain(m_schedule, -1, s);
      const auto step = chain(m_schedule, s, t);
      for (double x0 : {0.0, 1.0, 0.3}) {
        for (int xt : {0, 1}) {
          // The prior of x_s under a (possibly soft) x_0: a mixture of the two rows.
          const double one = x0 * prior[1][1] + (1.0 - x0) * prior[0][1];
          const double numerator = step[1][xt] * one;
          const double bayes = numerator / (numerator + step[0][xt] * (1.0 - one));
          const double closed = value(diffusion.posterior(scalar(xt), scalar(x0), t, s));
          QVERIFY2(std::abs(closed - bayes) < 1e-9,
                   qPrintable(QString("t %1 s %2 x0 %3 xt %4: %5 vs %6")
                                  .arg(t)
                                  .arg(s)
                                  .arg(x0)
                                  .arg(xt)
                                  .arg(closed)
                                  .arg(bayes)));
        }
      }
    }
  }

  void perRowPosteriorIsTheOneStepPosterior() {
    const BernoulliDiffusion diffusion(m_schedule);
    const auto xt = torch::tensor({1.0, 0.0, 1.0, 0.0}, torch::kFloat64).view({4, 1, 1, 1});
    const auto x0 = torch::tensor({0.8, 0.1, 0.0, 1.0}, torch::kFloat64).view({4, 1, 1, 1});
    const auto levels = torch::tensor({0, 17, 600, 999}, torch::kInt64);
    const auto rows = diffusion.posterior(xt, x0, levels);
    for (int i = 0; i < 4; ++i) {
      const int t = static_cast<int>(levels[i].item<std::int64_t>());
      const double single = value(diffusion.posterior(xt[i], x0[i], t, t - 1));
      QVERIFY2(std::abs(value(rows[i]) - single) < 1e-12, qPrintable(QString::number(t)));
    }
    // The last step returns the predicted clean mask itself.
    QCOMPARE(value(diffusion.posterior(scalar(0.0), scalar(0.7), 5, -1)), 0.7);
  }

  void refusesLevelsOutsideTheSchedule() {
    const BernoulliDiffusion diffusion(m_schedule);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, diffusion.keep(1000));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, diffusion.keep(-2));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, diffusion.posterior(scalar(1), scalar(1), 4, 4));
  }
};

QTEST_GUILESS_MAIN(BernoulliDiffusionTest)
#include "BernoulliDiffusionTest.moc"
