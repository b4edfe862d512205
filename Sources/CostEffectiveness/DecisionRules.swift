import Distributions

/// Where (ΔE, ΔC) falls on the cost-effectiveness plane, which says whether an ICER means anything.
public enum CEQuadrant: String, Sendable {
    /// More effective and more costly: the ICER is the price of a unit of effect.
    case northeast = "more effective, more costly"
    /// More effective and less costly: the intervention dominates; no ICER is reported.
    case southeast = "dominant (more effective, less costly)"
    /// Less effective and more costly: the intervention is dominated; no ICER is reported.
    case northwest = "dominated (less effective, more costly)"
    /// Less effective and less costly: the ICER is the saving per unit of effect forgone.
    case southwest = "less effective, less costly"
    /// No difference in effect: the ratio is undefined.
    case noEffectDifference = "no difference in effect"

    public init(deltaEffect: Double, deltaCost: Double) {
        if deltaEffect == 0 { self = .noEffectDifference }
        else if deltaEffect > 0 { self = deltaCost > 0 ? .northeast : .southeast }
        else { self = deltaCost < 0 ? .southwest : .northwest }
    }

    /// Whether ΔC/ΔE is a meaningful ratio in this quadrant (NE and SW only).
    public var hasMeaningfulRatio: Bool { self == .northeast || self == .southwest }
}

/// Decision quantities from increments and their (co)variances.
public enum DecisionRules {
    /// The ICER ΔC/ΔE, or nil where it is not meaningful: in the dominant/dominated quadrants, or
    /// when ΔE is zero to within 1e-12 of its standard error.
    public static func icer(deltaEffect: Double, deltaCost: Double, standardErrorEffect: Double) -> Double? {
        let quadrant = CEQuadrant(deltaEffect: deltaEffect, deltaCost: deltaCost)
        guard quadrant.hasMeaningfulRatio, abs(deltaEffect) > 1e-12 * standardErrorEffect else { return nil }
        return deltaCost / deltaEffect
    }

    /// Fieller's interval for R = ΔC/ΔE (Fieller 1954; Willan & O'Brien 1996, Health Econ
    /// 5:297–305): the R with (ΔC − RΔE)² ≤ z²·Var(ΔC − RΔE), i.e. the roots of
    /// (ΔE² − z²v_E)R² − 2(ΔE·ΔC − z²c)R + (ΔC² − z²v_C) = 0, z = Φ⁻¹(1 − (1 − level)/2).
    /// Bounded only when ΔE² > z²v_E (ΔE significantly non-zero); otherwise nil (unbounded).
    /// With `degreesOfFreedom` (CR2 errors), z is the Student t quantile with those df.
    public static func fieller(_ i: Increments, level: Double, degreesOfFreedom: Double? = nil) -> (lower: Double, upper: Double)? {
        let p = 1 - (1 - level) / 2
        let z = degreesOfFreedom.map { StudentT(degreesOfFreedom: $0).quantile(p) } ?? Normal.quantile(p), z2 = z * z
        let a = i.deltaEffect * i.deltaEffect - z2 * i.varianceEffect
        let b = i.deltaEffect * i.deltaCost - z2 * i.covariance
        let c = i.deltaCost * i.deltaCost - z2 * i.varianceCost
        let discriminant = b * b - a * c
        guard a > 0, discriminant >= 0 else { return nil }
        let root = discriminant.squareRoot()
        return ((b - root) / a, (b + root) / a)
    }

    /// Incremental net benefit INB(λ) = λΔE − ΔC (Stinnett & Mullahy 1998, Med Decis Making 18:S68).
    public static func netBenefit(_ lambda: Double, deltaEffect: Double, deltaCost: Double) -> Double {
        lambda * deltaEffect - deltaCost
    }

    /// Welch–Satterthwaite degrees of freedom of INB(λ) = λΔE − ΔC from those of ΔE and ΔC (CR2):
    /// ν = Var(INB)² / ((λ²v_E)²/ν_E + v_C²/ν_C), which is ν_C at λ = 0 (INB = −ΔC) and tends to ν_E
    /// as λ grows (Satterthwaite 1946; the covariance enters Var(INB) but not the df). When the
    /// two equations have the same design (ν_E = ν_C), ν_E at every λ, as
    /// `clubSandwich::coef_test` on the net-benefit regression.
    public static func netBenefitDegreesOfFreedom(_ lambda: Double, _ i: Increments, effect: Double, cost: Double) -> Double {
        // Satterthwaite df depend on the design only: equal df mean identical designs, for which
        // INB(λ) is one net-benefit regression with those df at every λ.
        if abs(effect - cost) <= 1e-9 * max(effect, cost) { return effect }
        let e = lambda * lambda * i.varianceEffect, c = i.varianceCost
        let denominator = e * e / effect + c * c / cost
        let v = max(netBenefitVariance(lambda, i), 0)
        return denominator > 0 ? max(1, v * v / denominator) : min(effect, cost)
    }

    /// Var(INB(λ)) = λ²v_E + v_C − 2λc.
    public static func netBenefitVariance(_ lambda: Double, _ i: Increments) -> Double {
        lambda * lambda * i.varianceEffect + i.varianceCost - 2 * lambda * i.covariance
    }

    /// Expected value of perfect information per person at one λ, from draws of INB:
    /// EVPI = E[max(INB, 0)] − max(E[INB], 0) (the control arm's net benefit is the reference 0).
    public static func evpi(netBenefits: [Double]) -> Double {
        let n = Double(netBenefits.count)
        let meanPositive = netBenefits.reduce(0.0) { $0 + max($1, 0) } / n
        return meanPositive - max(netBenefits.reduce(0, +) / n, 0)
    }

    /// EVPI when INB ~ N(μ, σ²): E[max(X, 0)] − max(μ, 0) = σφ(μ/σ) + μΦ(μ/σ) − max(μ, 0).
    public static func evpi(mean mu: Double, standardDeviation sigma: Double) -> Double {
        guard sigma > 0 else { return 0 }
        let t = mu / sigma
        return sigma * Normal.density(t) + mu * Normal.cdf(t) - max(mu, 0)
    }
}
