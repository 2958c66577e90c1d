#pragma once

#include <string>
#include <vector>

namespace anomadiff::engine {

/// The variance schedule of a diffusion process (seed §2.1): β_t for t = 0..T-1 and the
/// cumulative products ᾱ_t = Π_{i<=t} (1 - β_i). Plain doubles, no Torch, so the schedule can
/// be inspected and tested everywhere.
class NoiseSchedule {
 public:
  enum class Kind { Linear, Cosine };

  /// Linear: β evenly spaced from betaStart to betaEnd (DDPM). Throws InvalidArgument for
  /// T < 2 or β outside (0, 1).
  static NoiseSchedule linear(int steps = 1000, double betaStart = 1e-4, double betaEnd = 0.02);
  /// Cosine (Nichol & Dhariwal): ᾱ(t) = f(t)/f(0), f(t) = cos²(((t/T) + s)/(1 + s) · π/2),
  /// β clipped at 0.999 so the last steps stay finite.
  static NoiseSchedule cosine(int steps = 1000, double offset = 0.008);
  /// "linear" or "cosine"; throws InvalidArgument naming an unknown kind.
  static Kind kindFromName(const std::string& name);

  Kind kind() const { return m_kind; }
  int steps() const { return static_cast<int>(m_betas.size()); }
  double beta(int t) const;
  double alphaBar(int t) const;
  /// ᾱ of the step before t; 1 before the first step (the clean image).
  double alphaBarPrevious(int t) const { return t <= 0 ? 1.0 : alphaBar(t - 1); }
  const std::vector<double>& betas() const { return m_betas; }
  const std::vector<double>& alphaBars() const { return m_alphaBars; }

  /// K timesteps from `level` down to 0, evenly spaced and rounded, both ends included, strictly
  /// decreasing: the steps a respaced sampler visits when it denoises from level L.
  /// Throws InvalidArgument when level >= T (naming L and T) or count < 1 or count > level + 1.
  std::vector<int> respacedTimesteps(int level, int count) const;

 private:
  NoiseSchedule(Kind kind, std::vector<double> betas);
  void checkStep(int t) const;

  Kind m_kind;
  std::vector<double> m_betas;
  std::vector<double> m_alphaBars;
};

}  // namespace anomadiff::engine
