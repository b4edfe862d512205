import LinearAlgebra

/// Coefficient covariance matrices for a ``WeightedFit`` (formulas in ``VarianceType``).
enum Sandwich {
    /// The `k × k` covariance of the kept coefficients.
    /// - Parameters:
    ///   - clusters: cluster index of each row (needed for CR1 and CR2), with `clusterCount` clusters.
    ///   - rowLines: physical line of each row, for the leverage-one error message.
    static func covariance(_ fit: WeightedFit, type: VarianceType, clusters: [Int]?, clusterCount: Int,
                           rowLines: (Int) -> Int?) throws -> Matrix {
        let bread = try fit.r.inverseOfGramFromUpperFactor()
        let n = fit.observationCount, k = fit.rank
        switch type {
        case .classical:
            return Matrix(rows: k, columns: k, columnMajor: bread.storage.map { $0 * fit.dispersion })
        case .HC0, .HC1, .HC2, .HC3:
            var factors = fit.scoreResiduals
            switch type {
            case .HC1:
                let adjust = (Double(n) / Double(n - k)).squareRoot()
                for i in 0..<n { factors[i] *= adjust }
            case .HC2, .HC3:
                let h = try hatValues(fit)
                for i in 0..<n {
                    let oneMinus = 1 - h[i]
                    if oneMinus <= 1e-10 { throw AnalysisError.leverageOne(rowLine: rowLines(i), variance: type.rawValue) }
                    factors[i] /= type == .HC2 ? oneMinus.squareRoot() : oneMinus
                }
            default:
                break
            }
            return try sandwich(bread: bread, meat: fit.keptDesign.gram(rowScale: factors))
        case .CR1:
            guard let clusters else { throw AnalysisError.tooFewClusters(count: 0) }
            guard clusterCount >= 2 else { throw AnalysisError.tooFewClusters(count: clusterCount) }
            let scores = clusterScores(fit, clusters: clusters, clusterCount: clusterCount)
            var v = try sandwich(bread: bread, meat: scores.gram())
            v.scale(by: VarianceType.cr1Factor(clusters: clusterCount, rows: n, parameters: k))
            return v
        case .CR2:
            return try cr2(fit, clusters: clusters, clusterCount: clusterCount).covariance
        }
    }

    /// The CR2 decomposition of a least-squares fit (``BiasReducedLinearization``).
    static func cr2(_ fit: WeightedFit, clusters: [Int]?, clusterCount: Int) throws -> CR2Scores {
        guard let clusters else { throw AnalysisError.tooFewClusters(count: 0) }
        // Raw residuals: sᵢ = wᵢeᵢ for least squares.
        let residuals = fit.weights.map { w in zip(fit.scoreResiduals, w).map { $0 / $1 } } ?? fit.scoreResiduals
        return try BiasReducedLinearization.decompose(design: fit.keptDesign, factor: fit.r, residuals: residuals,
                                                      clusters: clusters, clusterCount: clusterCount, weights: fit.weights)
    }

    /// `B M B`.
    private static func sandwich(bread: Matrix, meat: Matrix) throws -> Matrix {
        try bread.multiplied(by: try meat.multiplied(by: bread))
    }

    /// Hat values hᵢ = Wᵢ‖xᵢ R⁻¹‖², the diagonal of `√W X (XᵀWX)⁻¹ Xᵀ √W`.
    static func hatValues(_ fit: WeightedFit) throws -> [Double] {
        try fit.keptDesign.rowNormsSquared(afterSolvingWith: fit.r, rowScale: fit.weights?.map { $0.squareRoot() })
    }

    /// `G × k` matrix whose row g is `U_g = Σ_{i∈g} sᵢ xᵢ`, accumulated block by block.
    private static func clusterScores(_ fit: WeightedFit, clusters: [Int], clusterCount: Int) -> Matrix {
        var u = Matrix(rows: clusterCount, columns: fit.rank)
        let s = fit.scoreResiduals
        u.withUnsafeMutableEntries { out in
            RowBlocks.forEach(fit.keptDesign) { block in
                let m = block.rows.count, offset = block.rows.lowerBound
                for k in 0..<block.columns {
                    let column = block.entries + k * m, target = out.baseAddress! + k * clusterCount
                    for i in 0..<m { target[clusters[offset + i]] += s[offset + i] * column[i] }
                }
            }
        }
        return u
    }
}
