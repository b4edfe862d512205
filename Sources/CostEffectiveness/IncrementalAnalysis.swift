import Foundation
import LinearAlgebra
import Models

/// The incremental effect and cost (intervention − control) with their joint sampling covariance.
public struct Increments: Sendable, Equatable {
    public let deltaEffect: Double
    public let deltaCost: Double
    /// Var(ΔE), Var(ΔC) and Cov(ΔE, ΔC).
    public let varianceEffect: Double
    public let varianceCost: Double
    public let covariance: Double

    public init(deltaEffect: Double, deltaCost: Double, varianceEffect: Double, varianceCost: Double, covariance: Double) {
        self.deltaEffect = deltaEffect
        self.deltaCost = deltaCost
        self.varianceEffect = varianceEffect
        self.varianceCost = varianceCost
        self.covariance = covariance
    }
}

/// Model-based estimates of ΔE and ΔC.
enum IncrementalAnalysis {
    /// Difference in means with Welch's standard errors (Welch 1947):
    /// ΔE = ē₁ − ē₀, Var(ΔE) = s²_{e,1}/n₁ + s²_{e,0}/n₀, and likewise for cost, with
    /// Cov(ΔE, ΔC) = s_{ec,1}/n₁ + s_{ec,0}/n₀ (sample (co)variances with n − 1).
    /// - Throws: ``AnalysisError/armTooSmall(arm:rows:)`` when an arm has fewer than 2 rows.
    static func unadjusted(_ d: CEAData) throws -> Increments {
        func moments(_ arm: Bool) -> (n: Double, e: Double, c: Double, vee: Double, vcc: Double, vec: Double) {
            let idx = d.treated.indices.filter { d.treated[$0] == arm }
            let n = Double(idx.count)
            let e = idx.reduce(0.0) { $0 + d.effect[$1] } / n
            let c = idx.reduce(0.0) { $0 + d.cost[$1] } / n
            var vee = 0.0, vcc = 0.0, vec = 0.0
            for i in idx {
                let de = d.effect[i] - e, dc = d.cost[i] - c
                vee += de * de; vcc += dc * dc; vec += de * dc
            }
            let df = n - 1
            return (n, e, c, vee / df, vcc / df, vec / df)
        }
        for (arm, label) in [(true, "intervention"), (false, "control")] where d.treated.filter({ $0 == arm }).count < 2 {
            throw AnalysisError.armTooSmall(arm: label, rows: d.treated.filter { $0 == arm }.count)
        }
        let t = moments(true), c = moments(false)
        return Increments(deltaEffect: t.e - c.e, deltaCost: t.c - c.c,
                          varianceEffect: t.vee / t.n + c.vee / c.n, varianceCost: t.vcc / t.n + c.vcc / c.n,
                          covariance: t.vec / t.n + c.vec / c.n)
    }

    /// Arm coefficients of two least-squares equations (R's `lm`), with their joint covariance.
    ///
    /// Each arm coefficient is β = Σ wᵢyᵢ with influence weights w = X(XᵀX)⁻¹e_arm (from the QR
    /// factor), so with residuals e and k non-aliased columns per equation:
    /// - classical: Cov(β_E, β_C) = σ_EC Σ w_{E,i} w_{C,i}, σ_EC = Σ e_{E,i}e_{C,i}/√((n−k_E)(n−k_C))
    ///   (on the diagonal: σ²(XᵀX)⁻¹, as `lm`; off it: systemfit's "geomean" residual covariance);
    /// - CR1 (clusters g): Σ_g (Σ_{i∈g} w_E e_E)(Σ_{i∈g} w_C e_C) · G/(G−1) · (n−1)/√((n−k_E)(n−k_C)),
    ///   which on the diagonal is `sandwich::vcovCL(type = "HC1")`.
    /// - Throws: ``AnalysisError`` when the arm is aliased with the covariates or no residual df remain.
    static func leastSquares(_ d: CEAData, spec: CEASpecification) throws -> Increments {
        let effect = try Equation(d, outcome: spec.effect, covariates: spec.effectCovariates)
        let cost = try Equation(d, outcome: spec.cost, covariates: spec.costCovariates)
        let n = Double(d.treated.count)
        let scale = ((n - Double(effect.rank)) * (n - Double(cost.rank))).squareRoot()
        func covariance(_ a: Equation, _ b: Equation) -> Double {
            if let clusters = d.clusters {
                var ua = [Double](repeating: 0, count: d.clusterCount), ub = ua
                for i in 0..<clusters.count {
                    ua[clusters[i]] += a.weights[i] * a.residuals[i]
                    ub[clusters[i]] += b.weights[i] * b.residuals[i]
                }
                let g = Double(d.clusterCount)
                let sa = (n - Double(a.rank)), sb = (n - Double(b.rank))
                return zip(ua, ub).reduce(0.0) { $0 + $1.0 * $1.1 } * g / (g - 1) * (n - 1) / (sa * sb).squareRoot()
            }
            let sigma = zip(a.residuals, b.residuals).reduce(0.0) { $0 + $1.0 * $1.1 }
                / ((n - Double(a.rank)) * (n - Double(b.rank))).squareRoot()
            return sigma * zip(a.weights, b.weights).reduce(0.0) { $0 + $1.0 * $1.1 }
        }
        guard scale > 0 else { throw AnalysisError.noResidualDegreesOfFreedom(rows: Int(n), parameters: max(effect.rank, cost.rank)) }
        if d.clusters != nil, d.clusterCount < 2 { throw AnalysisError.tooFewClusters(count: d.clusterCount) }
        return Increments(deltaEffect: effect.armCoefficient, deltaCost: cost.armCoefficient,
                          varianceEffect: covariance(effect, effect), varianceCost: covariance(cost, cost),
                          covariance: covariance(effect, cost))
    }

    /// Seemingly unrelated regressions (Zellner 1962), as R's `systemfit(method = "SUR")` with its
    /// defaults: OLS residuals give Σ with σ_ij = e_iᵀe_j/√((n−k_i)(n−k_j)) ("geomean"); then one
    /// GLS step β = (Xᵀ(Σ⁻¹⊗I)X)⁻¹Xᵀ(Σ⁻¹⊗I)y on the stacked system X = diag(X_E, X_C), whose
    /// inverse is the coefficient covariance. The GLS step is solved by QR of the whitened system
    /// (U⊗I)X with UᵀU = Σ⁻¹, not by inverting XᵀΩ⁻¹X. SUR matters when the regressors differ;
    /// with identical regressors it equals OLS.
    static func seeminglyUnrelated(_ d: CEAData, spec: CEASpecification) throws -> Increments {
        let effect = try Equation(d, outcome: spec.effect, covariates: spec.effectCovariates)
        let cost = try Equation(d, outcome: spec.cost, covariates: spec.costCovariates)
        let n = d.treated.count
        func sigma(_ a: Equation, _ b: Equation) -> Double {
            zip(a.residuals, b.residuals).reduce(0.0) { $0 + $1.0 * $1.1 }
                / (Double(n - a.rank) * Double(n - b.rank)).squareRoot()
        }
        // A (numerically) zero residual variance makes Σ singular: R's systemfit stops there too.
        for (equation, outcome) in [(effect, spec.effect), (cost, spec.cost)] {
            let scale = equation.response.reduce(0.0) { max($0, abs($1)) }
            if sigma(equation, equation).squareRoot() <= 1e-10 * max(scale, .leastNormalMagnitude) {
                throw AnalysisError.numericalFailure("the '\(outcome)' equation leaves no residual variation, so SUR's residual covariance is singular; use the ols model")
            }
        }
        let residualCovariance = Matrix(rowMajor: [[sigma(effect, effect), sigma(effect, cost)], [sigma(effect, cost), sigma(cost, cost)]])
        let u = try residualCovariance.inverseSymmetricPositiveDefinite().choleskyUpper()
        let pE = effect.design.columns, pC = cost.design.columns
        // Whitened stacked system: rows 0..<n = [u₁₁X_E, u₁₂X_C], rows n..<2n = [0, u₂₂X_C].
        var x = Matrix(rows: 2 * n, columns: pE + pC)
        for j in 0..<pE { for i in 0..<n { x[i, j] = u[0, 0] * effect.design[i, j] } }
        for j in 0..<pC {
            for i in 0..<n {
                x[i, pE + j] = u[0, 1] * cost.design[i, j]
                x[n + i, pE + j] = u[1, 1] * cost.design[i, j]
            }
        }
        let y = (0..<n).map { u[0, 0] * effect.response[$0] + u[0, 1] * cost.response[$0] } + cost.response.map { u[1, 1] * $0 }
        let fit = try LeastSquaresFit.fit(x: x, y: y)
        guard fit.aliased.isEmpty else {
            throw AnalysisError.numericalFailure("the stacked SUR system is rank deficient")
        }
        let covariance = try fit.r.inverseOfGramFromUpperFactor()
        let e = effect.armColumn, c = pE + cost.armColumn
        return Increments(deltaEffect: fit.coefficients[e], deltaCost: fit.coefficients[c],
                          varianceEffect: covariance[e, e], varianceCost: covariance[c, c], covariance: covariance[e, c])
    }

    /// Incremental cost from a gamma GLM with log link (`cost ~ arm + covariates`, R's
    /// `glm(family = Gamma("log"))`), by recycled predictions (Glick et al. 2014, §7.4):
    /// ΔC = mean_i[μ̂ᵢ(arm = 1) − μ̂ᵢ(arm = 0)] over all analysed rows, with the delta-method variance
    /// gᵀVg, g = mean_i[μ̂ᵢ(1)xᵢ(1) − μ̂ᵢ(0)xᵢ(0)], V the GLM's classical covariance. ΔE is the
    /// least-squares arm coefficient of the effect equation. Cov(ΔE, ΔC) is the cross-product of
    /// the two estimators' influence functions, Σᵢ (w_{E,i}e_{E,i})(gᵀBxᵢ(yᵢ − μ̂ᵢ)/μ̂ᵢ) with
    /// B = V/φ = (XᵀX)⁻¹ (gamma-log working weights are 1) — a sandwich (HC0-type) estimate.
    /// - Throws: ``InputError`` when a cost is zero or negative (the gamma family needs positive costs).
    static func gammaCost(_ d: CEAData, spec: CEASpecification) throws -> Increments {
        let effect = try Equation(d, outcome: spec.effect, covariates: spec.effectCovariates)
        let formula = try d.formula(outcome: spec.cost, covariates: spec.costCovariates)
        let glm = try Regression.fit(Regression.Specification(formula: formula, family: .gamma, link: .log), to: d.data)
        let design = try DesignMatrix.build(from: d.data, formula: formula)
        let x = design.materialized()
        let kept = glm.terms.indices.filter { !glm.terms[$0].aliased }
        let beta = kept.map { glm.terms[$0].estimate! }
        guard let arm = design.columnNames.firstIndex(of: CEAData.indicator), kept.contains(arm) else {
            throw AnalysisError.numericalFailure("the arm indicator is a linear combination of the cost covariates; remove covariates that are constant within arms")
        }
        let n = x.rows, k = kept.count
        var deltaCost = 0.0
        var gradient = [Double](repeating: 0, count: k)
        var row = [Double](repeating: 0, count: k)
        var fittedMeans = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for (c, j) in kept.enumerated() { row[c] = x[i, j] }
            func mean(armValue: Double) -> Double {
                var eta = 0.0
                for (c, j) in kept.enumerated() { eta += (j == arm ? armValue : row[c]) * beta[c] }
                return exp(eta)
            }
            let mu1 = mean(armValue: 1), mu0 = mean(armValue: 0)
            fittedMeans[i] = d.treated[i] ? mu1 : mu0
            deltaCost += mu1 - mu0
            for (c, j) in kept.enumerated() { gradient[c] += j == arm ? mu1 : (mu1 - mu0) * row[c] }
        }
        deltaCost /= Double(n)
        gradient = gradient.map { $0 / Double(n) }
        let v = glm.covariance
        let gv = try v.multiplied(by: Matrix(rows: k, columns: 1, columnMajor: gradient)).storage
        let varianceCost = zip(gradient, gv).reduce(0.0) { $0 + $1.0 * $1.1 }
        var covariance = 0.0
        for i in 0..<n {
            var influence = 0.0
            for (c, j) in kept.enumerated() { influence += gv[c] / glm.dispersion * x[i, j] }
            influence *= (d.cost[i] - fittedMeans[i]) / fittedMeans[i]
            covariance += effect.weights[i] * effect.residuals[i] * influence
        }
        return Increments(deltaEffect: effect.armCoefficient, deltaCost: deltaCost, varianceEffect: effect.classicalVariance,
                          varianceCost: varianceCost, covariance: covariance)
    }

    /// One fitted equation: arm coefficient, influence weights of the arm coefficient, residuals.
    struct Equation {
        let armCoefficient: Double
        let weights: [Double]
        let residuals: [Double]
        let rank: Int
        let response: [Double]
        /// σ²Σwᵢ² = σ²[(XᵀX)⁻¹]_arm,arm with σ² = eᵀe/(n − k), as `lm`.
        var classicalVariance: Double {
            let sigma2 = residuals.reduce(0.0) { $0 + $1 * $1 } / Double(residuals.count - rank)
            return sigma2 * weights.reduce(0.0) { $0 + $1 * $1 }
        }
        /// The design without aliased columns (for the bootstrap and SUR).
        let design: Matrix
        let armColumn: Int

        init(_ d: CEAData, outcome: String, covariates: String?) throws {
            let frame = try DesignMatrix.build(from: d.data, formula: d.formula(outcome: outcome, covariates: covariates))
            // Before the n × p matrix is made: no more than n parameters can be estimated.
            guard frame.columnCount <= frame.observationCount else {
                throw AnalysisError.tooFewRows(rows: frame.observationCount, parameters: frame.columnCount)
            }
            let x = frame.materialized()
            let y = frame.response
            let fit = try LeastSquaresFit.fit(x: x, y: y)
            guard let arm = frame.columnNames.firstIndex(of: CEAData.indicator), let k = fit.kept.firstIndex(of: arm) else {
                throw AnalysisError.numericalFailure("the arm indicator is a linear combination of the covariates of '\(outcome)'; remove covariates that are constant within arms")
            }
            guard x.rows > fit.rank else { throw AnalysisError.tooFewRows(rows: x.rows, parameters: fit.rank) }
            let bread = try fit.r.inverseOfGramFromUpperFactor()
            let a = (0..<fit.rank).map { bread[$0, k] }
            let kept = SelectedColumns(x, columns: fit.kept)
            weights = try kept.times(a)
            let fitted = try kept.times(fit.coefficients)
            residuals = zip(y, fitted).map { $0 - $1 }
            armCoefficient = fit.coefficients[k]
            rank = fit.rank
            response = y
            design = fit.aliased.isEmpty ? x : x.selectingColumns(fit.kept)
            armColumn = k
        }
    }
}
