import Foundation

/// Error distribution of a (generalised) linear model, with R's `family` semantics.
public enum Family: String, Sendable, CaseIterable, Codable {
    case gaussian, binomial, poisson, gamma

    /// The link used when none is given: identity, logit, log, and log for gamma (R's default for
    /// `Gamma` is the inverse link, which phbeval does not offer; the cost models use log).
    public var defaultLink: Link {
        switch self {
        case .gaussian: return .identity
        case .binomial: return .logit
        case .poisson, .gamma: return .log
        }
    }

    /// Links phbeval fits for this family.
    public var supportedLinks: [Link] {
        switch self {
        case .gaussian: return [.identity, .log]
        case .binomial: return [.logit]
        case .poisson, .gamma: return [.log, .identity]
        }
    }

    /// Whether the dispersion φ is estimated (gaussian, gamma) or fixed at 1 (binomial, poisson).
    public var estimatesDispersion: Bool { self == .gaussian || self == .gamma }

    /// Variance function V(μ): 1, μ(1−μ), μ, μ².
    func variance(_ mu: Double) -> Double {
        switch self {
        case .gaussian: return 1
        case .binomial: return mu * (1 - mu)
        case .poisson: return mu
        case .gamma: return mu * mu
        }
    }

    /// Unit deviance times the prior weight, as R's `family$dev.resids`:
    /// gaussian w(y−μ)²; binomial 2w[y log(y/μ) + (1−y) log((1−y)/(1−μ))];
    /// poisson 2w[y log(y/μ) − (y−μ)] (2wμ at y = 0); gamma −2w[log(y/μ) − (y−μ)/μ].
    func deviance(y: Double, mu: Double, weight w: Double) -> Double {
        switch self {
        case .gaussian:
            return w * (y - mu) * (y - mu)
        case .binomial:
            return 2 * w * (Self.yLogY(y, mu) + Self.yLogY(1 - y, 1 - mu))
        case .poisson:
            return y > 0 ? 2 * w * (y * log(y / mu) - (y - mu)) : 2 * mu * w
        case .gamma:
            return -2 * w * (log(y == 0 ? 1 : y / mu) - (y - mu) / mu)
        }
    }

    /// Starting means, as R's `family$initialize`: binomial (w·y + ½)/(w + 1), poisson y + 0.1,
    /// gaussian and gamma y.
    func startingMean(y: Double, weight w: Double) -> Double {
        switch self {
        case .gaussian, .gamma: return y
        case .binomial: return (w * y + 0.5) / (w + 1)
        case .poisson: return y + 0.1
        }
    }

    /// R's `validmu`: binomial needs 0 < μ < 1, poisson and gamma μ > 0, all finite.
    func isValidMean(_ mu: Double) -> Bool {
        guard mu.isFinite else { return false }
        switch self {
        case .gaussian: return true
        case .binomial: return mu > 0 && mu < 1
        case .poisson, .gamma: return mu > 0
        }
    }

    /// The values the outcome may take: binomial [0, 1], poisson ≥ 0, gamma > 0, and gaussian
    /// with a log link > 0 (R's `gaussian()$initialize` cannot start otherwise).
    func allowsOutcome(_ y: Double, link: Link) -> Bool {
        switch self {
        case .gaussian: return link != .log || y > 0
        case .binomial: return y >= 0 && y <= 1
        case .poisson: return y >= 0
        case .gamma: return y > 0
        }
    }

    /// Words for ``allowsOutcome(_:)`` in error messages.
    func outcomeRule(link: Link) -> String {
        switch self {
        case .gaussian: return link == .log ? "a positive number with the log link" : "any number"
        case .binomial: return "0 or 1 (or a proportion between 0 and 1)"
        case .poisson: return "a count of 0 or more"
        case .gamma: return "a positive number"
        }
    }

    /// y·log(y/μ), taken as 0 at y = 0.
    private static func yLogY(_ y: Double, _ mu: Double) -> Double { y != 0 ? y * log(y / mu) : 0 }
}

/// Link function g with μ = g⁻¹(η), evaluated exactly as R's C code does (including its
/// clamping), so that iterations follow R's path.
public enum Link: String, Sendable, CaseIterable, Codable {
    case identity, logit, log

    /// η = g(μ).
    func link(_ mu: Double) -> Double {
        switch self {
        case .identity: return mu
        case .logit: return Foundation.log(mu / (1 - mu))
        case .log: return Foundation.log(mu)
        }
    }

    /// μ = g⁻¹(η). Logit: e^η/(1+e^η) with e^η clamped to [ε, 1/ε] for |η| > 30; log:
    /// max(e^η, ε) (ε = machine epsilon), as R's `make.link`.
    func inverse(_ eta: Double) -> Double {
        switch self {
        case .identity:
            return eta
        case .logit:
            let t = eta < -30 ? Double.ulpOfOne : (eta > 30 ? 1 / Double.ulpOfOne : exp(eta))
            return t / (1 + t)
        case .log:
            return max(exp(eta), Double.ulpOfOne)
        }
    }

    /// dμ/dη. Logit: e^η/(1+e^η)², ε when |η| > 30; log: max(e^η, ε).
    func derivative(_ eta: Double) -> Double {
        switch self {
        case .identity:
            return 1
        case .logit:
            if eta > 30 || eta < -30 { return Double.ulpOfOne }
            let e = exp(eta)
            return e / ((1 + e) * (1 + e))
        case .log:
            return max(exp(eta), Double.ulpOfOne)
        }
    }
}
