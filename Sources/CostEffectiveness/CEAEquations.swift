import Models

/// The fitted equations of one analysis, made once and shared by the point estimates, the CR2
/// degrees of freedom and the bootstrap: the effect equation and, by model, the least-squares
/// cost equation (ols, sur) or the recycled-prediction cost model (gamma-cost, two-part).
/// The unadjusted difference in means needs none.
struct CEAEquations {
    let effect: ArmEquation?
    let cost: ArmEquation?
    let recycled: RecycledCost?
    /// Under CR2 (least squares with clusters), each arm coefficient's adjusted cluster scores
    /// and Satterthwaite df, computed once for the variances and the t intervals.
    let cr2: (effect: ArmEquation.CR2, cost: ArmEquation.CR2)?

    /// - Parameter regression: whether the analysis fits equations at all.
    /// - Throws: ``InputError`` for costs the model cannot take (zeros for gamma-cost, negative
    ///   costs or no zeros for two-part); ``AnalysisError`` when an equation cannot be fitted.
    /// - Parameter priorWeights: propensity weights of the analysed rows (weighted least squares).
    init(_ d: CEAData, spec: CEASpecification, regression: Bool, priorWeights: [Double]? = nil) throws {
        switch spec.model {
        case .gammaCost: try IncrementalAnalysis.checkGammaCosts(d, spec: spec)
        case .twoPart: try IncrementalAnalysis.checkTwoPartCosts(d, spec: spec)
        case .ols, .sur: break
        }
        guard regression else {
            (effect, cost, recycled, cr2) = (nil, nil, nil, nil)
            return
        }
        effect = try ArmEquation(d, outcome: spec.effect, parameter: .effect, covariates: d.effectCovariates, priorWeights: priorWeights)
        switch spec.model {
        case .ols, .sur:
            let cost = try ArmEquation(d, outcome: spec.cost, parameter: .cost, covariates: d.costCovariates, priorWeights: priorWeights)
            self.cost = cost
            recycled = nil
            if let clusters = d.clusters, spec.clusterVariance == .CR2, let effect {
                cr2 = (try effect.cr2(clusters: clusters, count: d.clusterCount), try cost.cr2(clusters: clusters, count: d.clusterCount))
                return
            }
        case .gammaCost, .twoPart:
            cost = nil
            recycled = try RecycledCost(d, spec: spec, twoPart: spec.model == .twoPart)
        }
        cr2 = nil
    }

    func requireEffect() throws -> ArmEquation {
        guard let effect else { throw AnalysisError.numericalFailure("the effect equation was not fitted") }
        return effect
    }

    func requireCost() throws -> ArmEquation {
        guard let cost else { throw AnalysisError.numericalFailure("the least-squares cost equation was not fitted") }
        return cost
    }

    func requireRecycled() throws -> RecycledCost {
        guard let recycled else { throw AnalysisError.numericalFailure("the recycled-prediction cost model was not fitted") }
        return recycled
    }
}
