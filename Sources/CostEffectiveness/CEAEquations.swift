import Models

/// The fitted equations of one analysis, made once and shared by the point estimates, the CR2
/// degrees of freedom and the bootstrap: the effect equation and, by model, the least-squares
/// cost equation (ols, sur) or the recycled-prediction cost model (gamma-cost, two-part).
/// The unadjusted difference in means needs none.
struct CEAEquations {
    let effect: ArmEquation?
    let cost: ArmEquation?
    let recycled: RecycledCost?

    /// - Parameter regression: whether the analysis fits equations at all.
    /// - Throws: ``InputError`` for costs the model cannot take (zeros for gamma-cost, negative
    ///   costs or no zeros for two-part); ``AnalysisError`` when an equation cannot be fitted.
    init(_ d: CEAData, spec: CEASpecification, regression: Bool) throws {
        switch spec.model {
        case .gammaCost: try IncrementalAnalysis.checkGammaCosts(d, spec: spec)
        case .twoPart: try IncrementalAnalysis.checkTwoPartCosts(d, spec: spec)
        case .ols, .sur: break
        }
        guard regression else {
            (effect, cost, recycled) = (nil, nil, nil)
            return
        }
        effect = try ArmEquation(d, outcome: spec.effect, parameter: .effect, covariates: d.effectCovariates)
        switch spec.model {
        case .ols, .sur:
            cost = try ArmEquation(d, outcome: spec.cost, parameter: .cost, covariates: d.costCovariates)
            recycled = nil
        case .gammaCost, .twoPart:
            cost = nil
            recycled = try RecycledCost(d, spec: spec, twoPart: spec.model == .twoPart)
        }
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
