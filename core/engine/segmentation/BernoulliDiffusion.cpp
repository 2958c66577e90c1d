#include "engine/segmentation/BernoulliDiffusion.h"

#include "common/Error.h"

#include <torch/torch.h>

namespace anomadiff::engine {

BernoulliDiffusion::BernoulliDiffusion(const NoiseSchedule& schedule)
    : m_alphaBars(schedule.alphaBars()) {}

double BernoulliDiffusion::keep(int t) const {
  if (t == -1) return 1.0;
  if (t < -1 || t >= steps()) {
    throw InvalidArgument("Bernoulli diffusion level " + std::to_string(t) + " is outside -1.." +
                          std::to_string(steps() - 1));
  }
  return m_alphaBars[static_cast<std::size_t>(t)];
}

torch::Tensor BernoulliDiffusion::marginal(const torch::Tensor& x0, int t) const {
  const double k = keep(t);
  return x0 * k + (1.0 - k) / 2.0;
}

torch::Tensor BernoulliDiffusion::rowValues(const std::vector<double>& values,
                                            const torch::Tensor& rows,
                                            const torch::Tensor& like) const {
  std::vector<std::int64_t> shape(static_cast<std::size_t>(like.dim()), 1);
  shape[0] = like.size(0);
  return torch::tensor(values, torch::kFloat64)
      .to(like.scalar_type())
      .index_select(0, rows)
      .view(shape);
}

torch::Tensor BernoulliDiffusion::marginal(const torch::Tensor& x0,
                                           const torch::Tensor& timesteps) const {
  const auto k = rowValues(m_alphaBars, timesteps, x0);
  return x0 * k + (1.0 - k) / 2.0;
}

torch::Tensor BernoulliDiffusion::posteriorOf(const torch::Tensor& xt, const torch::Tensor& x0,
                                              const torch::Tensor& stepKeep,
                                              const torch::Tensor& priorKeep) {
  // P(x_t | x_s = 1) and P(x_t | x_s = 0) under the composite kernel, times the prior of x_s.
  const auto likelihoodOne = xt * stepKeep + (1.0 - stepKeep) / 2.0;
  const auto likelihoodZero = (1.0 - xt) * stepKeep + (1.0 - stepKeep) / 2.0;
  const auto priorOne = x0 * priorKeep + (1.0 - priorKeep) / 2.0;
  const auto one = likelihoodOne * priorOne;
  const auto zero = likelihoodZero * (1.0 - priorOne);
  return one / (one + zero);
}

torch::Tensor BernoulliDiffusion::posterior(const torch::Tensor& xt, const torch::Tensor& x0, int t,
                                            int s) const {
  if (s >= t) {
    throw InvalidArgument("Bernoulli posterior needs s < t (s = " + std::to_string(s) +
                          ", t = " + std::to_string(t) + ")");
  }
  if (s == -1) return x0.clone();
  const double priorKeep = keep(s);
  const double stepKeep = keep(t) / priorKeep;
  return posteriorOf(xt, x0, torch::full({1}, stepKeep, xt.options()),
                     torch::full({1}, priorKeep, xt.options()));
}

torch::Tensor BernoulliDiffusion::posterior(const torch::Tensor& xt, const torch::Tensor& x0,
                                            const torch::Tensor& timesteps) const {
  std::vector<double> previous(m_alphaBars.size());
  std::vector<double> stepKeep(m_alphaBars.size());
  for (std::size_t t = 0; t < m_alphaBars.size(); ++t) {
    previous[t] = t == 0 ? 1.0 : m_alphaBars[t - 1];
    stepKeep[t] = m_alphaBars[t] / previous[t];
  }
  const auto priorKeep = rowValues(previous, timesteps, xt);
  const auto posterior = posteriorOf(xt, x0, rowValues(stepKeep, timesteps, xt), priorKeep);
  // A step from t = 0 lands on the clean mask: the answer is x_0 itself, as for s = −1 above.
  std::vector<std::int64_t> shape(static_cast<std::size_t>(xt.dim()), 1);
  shape[0] = xt.size(0);
  return torch::where(timesteps.eq(0).view(shape), x0, posterior);
}

}  // namespace anomadiff::engine
