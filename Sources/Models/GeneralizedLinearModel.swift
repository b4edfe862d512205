import LinearAlgebra

/// Generalised linear models by iteratively reweighted least squares, following R's `glm.fit`
/// step for step so that estimates agree with R to rounding (McCullagh & Nelder 1989, §2.5):
///
/// 1. start from μ₀ = `family.startingMean`, η₀ = g(μ₀), deviance D₀ (or, given starting
///    coefficients, η₀ = Xβ₀, as `glm(start = β₀)`);
/// 2. each iteration: working response zᵢ = ηᵢ + (yᵢ − μᵢ)/μ'(ηᵢ), working weights
///    Wᵢ = wᵢ μ'(ηᵢ)²/V(μᵢ); β = WLS of z on X with weights W (QR, rank tolerance 1e-11 as
///    `glm.fit` uses min(1e-7, ε/1000)); η = Xβ; halve the step while the deviance is not finite
///    or μ invalid;
/// 3. stop when |D − D_old|/(|D| + 0.1) < 1e-8, at most 25 iterations (`glm.control()`).
///
/// As in R, the returned working weights (and the QR factor used for standard errors) are those
/// of the last iteration, computed at the previous μ, while residuals are at the final μ.
enum GeneralizedLinearModel {
    static let epsilon = 1e-8
    static let maxIterations = 25

    struct Result {
        let fit: WeightedFit
        let deviance: Double
        let iterations: Int
        let converged: Bool
        let fittedMeans: [Double]
    }

    static func fit(_ design: DesignMatrix, family: Family, link: Link, start: [Double]? = nil) throws -> Result {
        let y = design.response
        let n = design.rowCount
        let prior = design.weights ?? [Double](repeating: 1, count: n)
        var eta = try start.map { try design.times($0) } ?? zip(y, prior).map { link.link(family.startingMean(y: $0, weight: $1)) }
        var mu = eta.map(link.inverse)
        func deviance(_ mu: [Double]) -> Double {
            (0..<n).reduce(0.0) { $0 + family.deviance(y: y[$1], mu: mu[$1], weight: prior[$1]) }
        }
        var devOld = deviance(mu)
        var dev = devOld
        var coefficients: [Double]? = nil
        var last: (ls: LeastSquaresFit, weights: [Double])? = nil
        var converged = false
        var iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            let muEta = eta.map(link.derivative)
            var z = [Double](repeating: 0, count: n)
            var root = [Double](repeating: 0, count: n)
            for i in 0..<n where prior[i] > 0 && muEta[i] != 0 {
                z[i] = eta[i] + (y[i] - mu[i]) / muEta[i]
                root[i] = (prior[i] * muEta[i] * muEta[i] / family.variance(mu[i])).squareRoot()
            }
            let ls = try LeastSquaresFit.fit(x: design, y: z, rowScale: root, tolerance: 1e-11)
            guard ls.coefficients.allSatisfy(\.isFinite) else {
                throw AnalysisError.numericalFailure("non-finite coefficients in IRLS iteration \(iteration)")
            }
            var start = ls.coefficientsWithZeros(columns: design.columnCount)
            eta = try design.times(start)
            mu = eta.map(link.inverse)
            dev = deviance(mu)
            // Step halving towards the previous coefficients while the fit is invalid.
            var halvings = 0
            while !dev.isFinite || !mu.allSatisfy(family.isValidMean) {
                guard let previous = coefficients, halvings < maxIterations else {
                    throw AnalysisError.notConverged(iterations: iteration)
                }
                halvings += 1
                start = zip(start, previous).map { ($0 + $1) / 2 }
                eta = try design.times(start)
                mu = eta.map(link.inverse)
                dev = deviance(mu)
            }
            last = (ls, root.map { $0 * $0 })
            coefficients = start
            if abs(dev - devOld) / (abs(dev) + 0.1) < epsilon {
                converged = true
                break
            }
            devOld = dev
        }
        guard let final = last, let beta = coefficients else {
            throw AnalysisError.numericalFailure("IRLS produced no iteration")
        }
        let working = final.weights
        let muEta = eta.map(link.derivative)
        let workingResiduals = (0..<n).map { (y[$0] - mu[$0]) / muEta[$0] }
        let scores = zip(working, workingResiduals).map { $0 * $1 }
        let positive = prior.filter { $0 > 0 }.count
        let df = positive - final.ls.rank
        let dispersion: Double
        if family.estimatesDispersion {
            var pearson = 0.0
            for i in 0..<n where working[i] > 0 { pearson += working[i] * workingResiduals[i] * workingResiduals[i] }
            dispersion = df > 0 ? pearson / Double(df) : .nan
        } else {
            dispersion = 1
        }
        let fit = WeightedFit(design: design, kept: final.ls.kept, aliased: final.ls.aliased, coefficients: beta, r: final.ls.r,
                              weights: working, scoreResiduals: scores, dfResidual: df, dispersion: dispersion)
        return Result(fit: fit, deviance: dev, iterations: iterations, converged: converged, fittedMeans: mu)
    }
}

extension GeneralizedLinearModel.Result {
    /// The term whose estimate diverges (the non-intercept term with the largest |estimate|)
    /// when a logit shows separation, else nil.
    func separatedTerm(names: [String]) -> String? {
        guard separated(names: names) else { return nil }
        let candidates = fit.kept.filter { names[$0] != "(Intercept)" }
        let j = candidates.max { abs(fit.coefficients[$0]) < abs(fit.coefficients[$1]) } ?? fit.kept.first ?? 0
        return names[j]
    }

    /// Complete or quasi-complete separation in a logit: fitted probabilities numerically 0 or 1
    /// (within 10ε, R's warning threshold), or within 1e-8 of them while some coefficient exceeds
    /// 10 on the logit scale (an odds ratio above 22,000) — the signature of an estimate running
    /// off to infinity that IRLS stopped early (Albert & Anderson 1984, Biometrika 71:1–10).
    private func separated(names: [String]) -> Bool {
        if fittedMeans.contains(where: { $0 < 10 * .ulpOfOne || $0 > 1 - 10 * .ulpOfOne }) { return true }
        let extreme = fittedMeans.contains { $0 <= 1e-8 || $0 >= 1 - 1e-8 }
        let diverging = fit.kept.contains { names[$0] != "(Intercept)" && abs(fit.coefficients[$0]) > 10 }
        return extreme && diverging
    }
}
