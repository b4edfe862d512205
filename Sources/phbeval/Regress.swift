import ArgumentParser
import Foundation
import PHBEval

extension Family: ExpressibleByArgument {}
extension Link: ExpressibleByArgument {}
extension VarianceType: ExpressibleByArgument {}

/// `phbeval regress`: one regression from a formula, as R's `lm`/`glm` with `sandwich` variances.
struct Regress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a linear model or GLM with classical, robust (HC0–HC3) or cluster-robust (CR1) standard errors.",
        discussion: """
        Formulas follow R: + adds terms, : is an interaction, * is main effects plus interaction, \
        -1 drops the intercept, C(x) treats a numeric column as categorical; text columns are \
        categorical automatically (the first level in sorted order is the reference). \
        Rows with a missing value in any column used are dropped and reported. \
        Estimates agree with R's lm/glm and sandwich::vcovHC/vcovCL.

        Example:
          phbeval regress datasets/examples/trial.csv \\
            --formula "ascot12 ~ arm + ascot0 + age + condition" \\
            --vcov CR1 --cluster site
        """
    )

    @Argument(help: ArgumentHelp("CSV data file with a header row.", valueName: "DATA.csv"))
    var data: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Model formula, e.g. \"y ~ x + C(site)\".", valueName: "formula"))
    var formula: String

    @Option(help: "Error distribution: gaussian, binomial, poisson or gamma.")
    var family: Family = .gaussian

    @Option(help: "Link function: identity, logit or log (default: gaussian identity, binomial logit, poisson and gamma log).")
    var link: Link?

    @Option(name: .customLong("vcov"), help: "Variance estimator: classical, HC0, HC1, HC2, HC3 or CR1.")
    var variance: VarianceType = .classical

    @Option(help: ArgumentHelp("Column identifying clusters (needed for --vcov CR1).", valueName: "column"))
    var cluster: String?

    @Option(help: ArgumentHelp("Column of prior weights (weighted least squares / weighted GLM).", valueName: "column"))
    var weights: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Confidence level of the intervals in the table.", valueName: "level"))
    var level: Double = 0.95

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
    }

    func run() throws {
        let spec = Regression.Specification(formula: try Formula(formula), family: family, link: link,
                                            variance: variance, weights: weights, cluster: cluster)
        let dataset = try CSVReader.read(path: data, options: try dataOptions.csvOptions())
        let result = try Regression.fit(spec, to: dataset).checkedFinite(level: level)
        try StandardOutput.write(json ? result.json().rendered() : result.table(source: data, level: level))
    }
}
