//! The statistics of measurement (see `docs/MEASURE.md`): running moments
//! of an arm, 95 % intervals of an arm's mean (Wilson for a proportion,
//! Student's t for a mean), the uplift of treatment over control with its
//! interval and p-value (two-proportion z-test, or Welch's t-test), the
//! relative uplift by the delta method, the minimum detectable effect, the
//! sample ratio mismatch test (chi-square, 1 degree of freedom) and the
//! Benjamini–Hochberg adjustment. Distribution functions come from `statrs`.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::function::beta::checked_beta_reg;
use statrs::function::erf::erfc;

/// The two-sided 95 % normal quantile, Φ⁻¹(0.975).
pub const Z_95: f64 = 1.959_963_984_540_054;
/// The normal quantile for 80 % power, Φ⁻¹(0.8).
pub const Z_80: f64 = 0.841_621_233_572_914_3;
/// The relative change [`Comparison::sessions_needed`] is sized for.
pub const TARGET_CHANGE: f64 = 0.05;
/// The significance level of verdicts (after adjustment).
pub const ALPHA: f64 = 0.05;
/// The p-value under which a sample ratio mismatch is flagged.
pub const SRM_ALPHA: f64 = 0.001;

/// Count, mean and sum of squared deviations of an arm's values, updated
/// one value at a time and merged between threads (Chan et al.).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    /// Values seen.
    pub n: u64,
    /// Their mean.
    pub mean: f64,
    /// The sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// Adds one value.
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Adds every value another tally saw.
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        self.mean += d * o.n as f64 / n as f64;
        self.m2 += o.m2 + d * d * self.n as f64 * o.n as f64 / n as f64;
        self.n = n;
    }

    /// The sample variance (0 below two values).
    pub fn variance(&self) -> f64 {
        if self.n < 2 { 0.0 } else { (self.m2 / (self.n - 1) as f64).max(0.0) }
    }

    /// The squared standard error of the mean.
    fn var_of_mean(&self) -> f64 {
        if self.n == 0 { 0.0 } else { self.variance() / self.n as f64 }
    }
}

/// What kind of values a metric has, which decides the tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 0 or 1 per session (conversion): Wilson intervals, two-proportion z-test.
    Proportion,
    /// Any number per session: t intervals, Welch's t-test.
    Mean,
}

/// An estimate with its 95 % interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Estimate {
    /// The point estimate.
    pub estimate: f64,
    /// The interval's lower end.
    pub ci_low: f64,
    /// The interval's upper end.
    pub ci_high: f64,
}

/// One arm: its sessions (with a value of the metric) and its mean with a
/// 95 % interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Arm {
    /// Sessions with a value of the metric.
    pub sessions: u64,
    /// The mean per session (the conversion rate for `converted`).
    pub mean: f64,
    /// The interval's lower end.
    pub ci_low: f64,
    /// The interval's upper end.
    pub ci_high: f64,
}

/// Treatment against control on one metric.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Comparison {
    /// The treatment arm.
    pub treatment: Arm,
    /// The control arm.
    pub control: Arm,
    /// Treatment mean minus control mean.
    pub uplift: Estimate,
    /// Uplift as a fraction of the control mean; `None` when that is 0.
    pub relative: Option<Estimate>,
    /// Two-sided p-value of no difference (1 below two sessions per arm).
    pub p_value: f64,
    /// The smallest relative change the arms can detect with 80 % power at
    /// 5 % two-sided; `None` without a control mean or variance.
    pub mde: Option<f64>,
    /// More sessions (at the current split) needed to detect a
    /// [`TARGET_CHANGE`] with 80 % power; `None` when it cannot be told.
    pub sessions_needed: Option<u64>,
}

/// Φ, the standard normal distribution function.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The two-sided p-value of a standard normal statistic.
pub fn normal_p(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0)
}

/// The two-sided p-value of a t statistic with `df` degrees of freedom.
pub fn t_p(t: f64, df: f64) -> f64 {
    if !df.is_finite() || df > 1e7 {
        return normal_p(t);
    }
    let x = df / (df + t * t);
    checked_beta_reg(df / 2.0, 0.5, x).map_or(1.0, |p| p.clamp(0.0, 1.0))
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (the
/// normal one for very large `df`).
pub fn t_975(df: f64) -> f64 {
    if !df.is_finite() || df > 1e7 {
        return Z_95;
    }
    StudentsT::new(0.0, 1.0, df.max(1.0)).map_or(Z_95, |t| t.inverse_cdf(0.975))
}

/// The upper tail of chi-square with 1 degree of freedom.
pub fn chi2_1_sf(x: f64) -> f64 {
    if x <= 0.0 { 1.0 } else { erfc((x / 2.0).sqrt()).clamp(0.0, 1.0) }
}

/// An arm's mean with its 95 % interval.
pub fn arm(kind: Kind, m: &Moments) -> Arm {
    let n = m.n as f64;
    let (low, high) = match (kind, m.n) {
        (_, 0) => (0.0, 0.0),
        (Kind::Proportion, _) => {
            let p = m.mean.clamp(0.0, 1.0);
            let z2 = Z_95 * Z_95;
            let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
            let half = Z_95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
            ((centre - half).max(0.0), (centre + half).min(1.0))
        }
        (Kind::Mean, 1) => (m.mean, m.mean),
        (Kind::Mean, _) => {
            let half = t_975(n - 1.0) * m.var_of_mean().sqrt();
            (m.mean - half, m.mean + half)
        }
    };
    Arm { sessions: m.n, mean: m.mean, ci_low: low.min(m.mean), ci_high: high.max(m.mean) }
}

/// Compares treatment with control on one metric.
pub fn compare(kind: Kind, t: &Moments, c: &Moments) -> Comparison {
    let mut out = Comparison {
        treatment: arm(kind, t),
        control: arm(kind, c),
        uplift: Estimate { estimate: t.mean - c.mean, ci_low: t.mean - c.mean, ci_high: t.mean - c.mean },
        relative: None,
        p_value: 1.0,
        mde: None,
        sessions_needed: None,
    };
    if t.n < 2 || c.n < 2 {
        return out;
    }
    let (nt, nc) = (t.n as f64, c.n as f64);
    let diff = t.mean - c.mean;
    let (var_t, var_c) = match kind {
        Kind::Proportion => (t.mean * (1.0 - t.mean) / nt, c.mean * (1.0 - c.mean) / nc),
        Kind::Mean => (t.var_of_mean(), c.var_of_mean()),
    };
    let se = (var_t + var_c).max(0.0).sqrt();
    let (half, p) = match kind {
        Kind::Proportion => {
            let pooled = (t.mean * nt + c.mean * nc) / (nt + nc);
            let se0 = (pooled * (1.0 - pooled) * (1.0 / nt + 1.0 / nc)).max(0.0).sqrt();
            (Z_95 * se, if se0 > 0.0 { normal_p(diff / se0) } else { 1.0 })
        }
        Kind::Mean => {
            let df = (var_t + var_c).powi(2) / (var_t * var_t / (nt - 1.0) + var_c * var_c / (nc - 1.0));
            if se > 0.0 { (t_975(df) * se, t_p(diff / se, df)) } else { (0.0, 1.0) }
        }
    };
    out.uplift = Estimate { estimate: diff, ci_low: diff - half, ci_high: diff + half };
    out.p_value = p;
    if c.mean != 0.0 {
        let rel = t.mean / c.mean - 1.0;
        let var = var_t / (c.mean * c.mean) + t.mean * t.mean * var_c / c.mean.powi(4);
        let half = Z_95 * var.max(0.0).sqrt();
        out.relative = Some(Estimate { estimate: rel, ci_low: rel - half, ci_high: rel + half });
    }
    let sigma2 = match kind {
        Kind::Proportion => c.mean * (1.0 - c.mean),
        Kind::Mean => c.variance(),
    };
    if c.mean != 0.0 && sigma2 > 0.0 {
        let power = Z_95 + Z_80;
        out.mde = Some(power * (sigma2 * (1.0 / nt + 1.0 / nc)).sqrt() / c.mean.abs());
        let total = nt + nc;
        let needed = power * power * sigma2 * (total / nt + total / nc) / (TARGET_CHANGE * c.mean).powi(2);
        out.sessions_needed = Some((needed - total).max(0.0).ceil() as u64);
    }
    out
}

/// Sample ratio mismatch: the share of sessions in control against the
/// holdout's share.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Srm {
    /// The configured control share (holdout percent / 100).
    pub expected: f64,
    /// The observed control share.
    pub observed: f64,
    /// The chi-square test's p-value (1 degree of freedom).
    pub p_value: f64,
    /// Whether `p_value` is below [`SRM_ALPHA`]: randomisation is broken.
    pub flagged: bool,
}

/// Tests `control` sessions out of `total` against an expected control share.
pub fn srm(expected: f64, control: u64, total: u64) -> Srm {
    if total == 0 || expected <= 0.0 || expected >= 1.0 {
        return Srm { expected, observed: 0.0, p_value: 1.0, flagged: false };
    }
    let n = total as f64;
    let (ec, et) = (n * expected, n * (1.0 - expected));
    let (oc, ot) = (control as f64, n - control as f64);
    let chi2 = (oc - ec).powi(2) / ec + (ot - et).powi(2) / et;
    let p_value = chi2_1_sf(chi2);
    Srm { expected, observed: oc / n, p_value, flagged: p_value < SRM_ALPHA }
}

/// Benjamini–Hochberg adjusted p-values, in the order given: the smallest
/// `m / rank × p` over this p-value and every larger one, at most 1.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut adjusted = vec![1.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m as f64 / (rank + 1) as f64);
        adjusted[i] = running.clamp(0.0, 1.0);
    }
    adjusted
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} is not {b} (±{tol})");
    }

    fn moments(values: &[f64]) -> Moments {
        let mut m = Moments::default();
        values.iter().for_each(|v| m.add(*v));
        m
    }

    fn ones(ones: u64, n: u64) -> Moments {
        let mut m = Moments::default();
        (0..n).for_each(|i| m.add(if i < ones { 1.0 } else { 0.0 }));
        m
    }

    #[test]
    fn distribution_functions_match_tables() {
        close(normal_cdf(1.959_964), 0.975, 1e-7);
        close(normal_p(1.0), 0.317_310_507_862_914, 1e-9);
        // R: 2 * pt(-2, 10) = 0.07338803; qt(0.975, 10) = 2.228139; qt(0.975, 30) = 2.042272.
        close(t_p(2.0, 10.0), 0.073_388_03, 1e-7);
        close(t_975(10.0), 2.228_139, 1e-6);
        close(t_975(30.0), 2.042_272, 1e-6);
        // R: pchisq(3.841459, 1, lower.tail = FALSE) = 0.05.
        close(chi2_1_sf(3.841_459), 0.05, 1e-7);
    }

    #[test]
    fn moments_merge_like_one_pass() {
        let all: Vec<f64> = (0..100).map(|i| (i * 37 % 11) as f64 * 1.5).collect();
        let mut a = moments(&all[..30]);
        a.merge(&moments(&all[30..]));
        let b = moments(&all);
        assert_eq!(a.n, b.n);
        close(a.mean, b.mean, 1e-12);
        close(a.variance(), b.variance(), 1e-9);
    }

    #[test]
    fn two_proportions_match_r() {
        // R: prop.test(c(60, 40), c(1000, 1000), correct = FALSE):
        // X-squared = 4.2105, p-value = 0.04018; 60/1000's Wilson interval
        // (prop.test(60, 1000, correct = FALSE)) is 0.04690 to 0.07647.
        let c = compare(Kind::Proportion, &ones(60, 1000), &ones(40, 1000));
        close(c.p_value, 0.040_17, 1e-4);
        close(c.treatment.ci_low, 0.046_90, 1e-4);
        close(c.treatment.ci_high, 0.076_47, 1e-4);
        close(c.uplift.estimate, 0.02, 1e-12);
        // Wald interval of the difference: 0.02 ± 1.96 × sqrt(.06×.94/1000 + .04×.96/1000).
        close(c.uplift.ci_low, 0.02 - Z_95 * (0.0564f64 / 1000.0 + 0.0384 / 1000.0).sqrt(), 1e-12);
        close(c.relative.unwrap().estimate, 0.5, 1e-12);
    }

    #[test]
    fn welch_matches_r_on_the_sleep_data() {
        // R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776,
        // p-value = 0.07939, 95 percent confidence interval -3.3654832 0.2054832.
        let g1 = moments(&[0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]);
        let g2 = moments(&[1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
        let c = compare(Kind::Mean, &g1, &g2);
        close(c.uplift.estimate, -1.58, 1e-12);
        close(c.p_value, 0.079_39, 1e-5);
        close(c.uplift.ci_low, -3.365_483_2, 1e-5);
        close(c.uplift.ci_high, 0.205_483_2, 1e-5);
        // R: t.test(sleep$extra[1:10]) interval -0.5297804 2.0297804.
        let a = arm(Kind::Mean, &g1);
        close(a.ci_low, -0.529_780_4, 1e-6);
        close(a.ci_high, 2.029_780_4, 1e-6);
    }

    #[test]
    fn srm_flags_a_broken_split() {
        // 10 % expected: 1000 of 10000 is fine, 850 is not (chi-square 25).
        let fine = srm(0.1, 1000, 10_000);
        assert!(!fine.flagged);
        close(fine.p_value, 1.0, 1e-12);
        let broken = srm(0.1, 850, 10_000);
        close(broken.p_value, chi2_1_sf(25.0), 1e-15);
        assert!(broken.flagged);
        close(broken.observed, 0.085, 1e-12);
    }

    #[test]
    fn benjamini_hochberg_matches_r() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH")
        // = 0.025 0.05 0.05 0.025 0.5
        let adjusted = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005, 0.5]);
        for (a, b) in adjusted.iter().zip([0.025, 0.05, 0.05, 0.025, 0.5]) {
            close(*a, b, 1e-12);
        }
        assert!(benjamini_hochberg(&[]).is_empty());
    }

    #[test]
    fn minimum_detectable_effect_and_sessions_needed() {
        // Control at 5 % on 10000 vs 10000: MDE = 2.8016 × sqrt(.0475 × 2/10000) / .05 = 17.27 %.
        let c = compare(Kind::Proportion, &ones(500, 10_000), &ones(500, 10_000));
        close(c.mde.unwrap(), 2.801_585 * (0.0475f64 * 2.0 / 10_000.0).sqrt() / 0.05, 1e-5);
        // For 5 %: 2.8016² × .0475 × (2 + 2) / .0025² sessions in all = 238,623; 218,623 more.
        let needed = c.sessions_needed.unwrap() as f64;
        close(needed, 2.801_585f64.powi(2) * 0.0475 * 4.0 / 0.0025f64.powi(2) - 20_000.0, 2.0);
        assert_eq!(c.p_value, 1.0);
    }
}
