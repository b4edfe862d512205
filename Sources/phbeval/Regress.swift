import ArgumentParser
import Foundation
import PHBEval

extension Family: ExpressibleByArgument {}
extension Link: ExpressibleByArgument {}
extension VarianceType: ExpressibleByArgument {}

/// `phbeval regress`: one regression from a formula, as R's `lm`/`glm` with `sandwich` variances.
struct Regress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a linear model or GLM with classical, robust (HC0–HC3) or cluster-robust (CR1, CR2) standard errors.",
        discussion: """
        Formulas follow R: + adds terms, : is an interaction, * is main effects plus interaction, \
        -1 drops the intercept, C(x) treats a numeric column as categorical and C(x, ref = "b") \
        also makes level b the reference; text columns are categorical automatically (the first \
        level in sorted order is the reference). log(x) and I(expr), with + - * / ^ and \
        parentheses inside (I(age^2), I(cost/1000), log(visits + 1)), are numeric terms named as \
        R names them; they may be the outcome too (log(cost) ~ ...). A log of 0 or less or a \
        division by zero is an error at the offending row. \
        Rows with a missing value in any column used are dropped and reported. \
        Estimates agree with R's lm/glm and sandwich::vcovHC/vcovCL. \
        --vcov CR2 (least squares only, with or without --weights) is the Bell-McCaffrey \
        bias-reduced cluster-robust variance with Satterthwaite degrees of freedom per term \
        (= clubSandwich::vcovCR(type = "CR2") and coef_test); prefer it to CR1 with fewer than \
        30 clusters, where CR1 prints a warning on stderr (and under "warnings" in --json). \
        In --json every term has "df": the Satterthwaite df for CR2, the residual df for a t \
        test, null for a z test. \
        --imputations .imp reads a file of completed datasets in mice's long format (from \
        phbeval impute), fits the model to each and pools the terms by Rubin's rules with the \
        Barnard-Rubin df (the residual df as complete-data df), as mice::pool; every JSON term \
        gains "riv", "lambda", "fmi", "ubar", "b", "t" and the document "imputations".

        Examples:
          phbeval regress datasets/examples/trial.csv \\
            --formula "ascot12 ~ arm + ascot0 + age + condition" \\
            --vcov CR2 --cluster site
          phbeval regress datasets/examples/trial.csv \\
            --formula "log(cost) ~ arm*log(ascot0) + I(age^2)" \\
            --vcov HC3
          phbeval regress datasets/examples/trial.csv \\
            --formula "ascot12 ~ arm + C(condition, ref = COPD)"
        """
    )

    @Argument(help: ArgumentHelp("CSV data file with a header row.", valueName: "DATA.csv"))
    var data: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Model formula, e.g. \"y ~ x + C(site) + I(age^2)\".", valueName: "formula"))
    var formula: String

    @Option(help: "Error distribution: gaussian, binomial, poisson or gamma.")
    var family: Family = .gaussian

    @Option(help: "Link function: identity, logit or log (default: gaussian identity, binomial logit, poisson and gamma log).")
    var link: Link?

    @Option(name: .customLong("vcov"), help: "Variance estimator: classical, HC0, HC1, HC2, HC3, CR1 or CR2 (CR2: least squares only).")
    var variance: VarianceType = .classical

    @Option(help: ArgumentHelp("Column identifying clusters (needed for --vcov CR1 and CR2).", valueName: "column"))
    var cluster: String?

    @Option(help: ArgumentHelp("Column of prior weights (weighted least squares / weighted GLM).", valueName: "column"))
    var weights: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Confidence level of the intervals in the table.", valueName: "level"))
    var level: Double = 0.95

    @Option(help: ArgumentHelp("Column numbering completed datasets (mice's long format, e.g. .imp): fit each and pool by Rubin's rules.", valueName: "column"))
    var imputations: String?

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
    }

    func run() throws {
        let spec = Regression.Specification(formula: try Formula(formula), family: family, link: link,
                                            variance: variance, weights: weights, cluster: cluster)
        try OutputPaths.checkStandardOutput(inputs: [data])
        let dataset = try dataOptions.read(data)
        if let imputations {
            let pooled = try PooledRegression.fit(spec, to: dataset, imputationColumn: imputations).checkedFinite()
            try StandardOutput.write(json ? pooled.json(naming: Flags.flag).rendered() : pooled.table(source: data, level: level))
            return
        }
        let result = try Regression.fit(spec, to: dataset).checkedFinite(level: level)
        for warning in result.warningLines(naming: Flags.flag) {
            StandardOutput.writeError("phbeval: warning: \(warning)\n")
        }
        try StandardOutput.write(json ? result.json(naming: Flags.flag).rendered() : result.table(source: data, level: level, labels: dataset.variableLabelLine(of: spec.formula.columns, indent: 10)))
    }
}
