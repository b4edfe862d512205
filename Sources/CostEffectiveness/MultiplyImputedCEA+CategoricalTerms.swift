import Models
import Tabular

extension MultiplyImputedCEA {
    /// `data` with each complete numeric column that the covariates and the propensity model use
    /// only as `C(x)` made categorical (its values as the level labels, as `--categorical x` reads
    /// them), so that the chained equations use it as the analysis does — as indicators of its
    /// levels, not as a linear predictor (an imputation model congenial with the analysis model:
    /// Meng 1994, Stat Sci 9:538; White, Royston & Wood 2011, Stat Med 30:377, §6). A column also
    /// used without `C()` (as a number) stays numeric, and so does an incomplete one: it is imputed
    /// by predictive mean matching on its codes (every imputed value an observed code) and enters
    /// the analysis as `C(x)` after.
    static func categoricalTerms(_ spec: CEASpecification, data: Dataset) throws -> Dataset {
        var formulas: [Formula] = []
        for (text, parameter) in [(spec.effectCovariates, Parameter.effectCovariates), (spec.costCovariates, .costCovariates)] {
            if let text { formulas.append(try Formula.rightHandSide(text, parameter: parameter)) }
        }
        if let weighting = spec.weighting { formulas.append(try weighting.propensityFormula()) }
        var categorical = Set<String>(), numeric = Set<String>()
        for variable in formulas.flatMap(\.predictors) {
            if variable.forcedCategorical, variable.expression == nil { categorical.insert(variable.name) } else { numeric.formUnion(variable.columns) }
        }
        let convert = categorical.subtracting(numeric)
        guard data.columns.contains(where: { convert.contains($0.name) && $0.numbers != nil && !$0.missing.contains(true) }) else { return data }
        return try Dataset(source: data.source, columns: data.columns.map { column in
            guard convert.contains(column.name), let values = column.numbers, !column.missing.contains(true) else { return column }
            var labelled = Column(name: column.name, text: values.map(Column.label(for:)))
            labelled.label = column.label
            return labelled
        }, lineNumbers: data.lineNumbers)
    }
}
