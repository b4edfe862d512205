import ArgumentParser
import Foundation
import PHBEval

/// `phbeval balance`: covariate balance between arms before and after propensity weighting.
struct Balance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Covariate balance between arms before and after inverse probability weighting (cobalt's definitions).",
        discussion: """
        Fits the logistic propensity model (--propensity, default the covariates), weights the rows \
        (ATE or ATT, --stabilize, --trim) and prints, for every covariate term, the standardised mean \
        difference (pooled unweighted SD for ATE, the treated arm's for ATT) or, for binary terms, the \
        difference in proportions, before and after weighting, with the effective sample size per arm. \
        Rows with --randomised = 1 keep weight 1 and are left out of the model and the table. A \
        propensity of 0 or 1 or a separated propensity model stops the analysis (exit 1) naming the \
        covariate. Warnings (stderr and "warnings" in --json) say when an arm rests on a few rows \
        (effective sample size below 10% of its rows, or one row over half its weight; consider \
        --trim), when a term's |SMD| after weighting is 0.1 or more, and when the control arm pools \
        several values of --arm.

        Example:
          phbeval balance data.csv --arm phb --treated 1 --covariates "age + female + C(condition)" --estimand ATT
        """
    )

    @Argument(help: ArgumentHelp("CSV data file with a header row.", valueName: "DATA.csv"))
    var data: String

    @Option(help: ArgumentHelp("Column identifying the arm.", valueName: "column"))
    var arm: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Value of --arm for the treated arm; every other value is control (named in the output, a warning when several).", valueName: "value"))
    var treated: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Covariate terms of the balance table, e.g. \"age + female + C(site)\".", valueName: "terms"))
    var covariates: String

    @OptionGroup var weighting: WeightingFlags

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let options = weighting.options(propensity: weighting.propensity ?? covariates)
        try options.validate()
        try OutputPaths.checkStandardOutput(inputs: [data])
        let dataset = try dataOptions.read(data)
        let result = try BalanceAnalysis.run(data: dataset, arm: arm, treatedValue: treated, covariates: covariates, options: options)
        for warning in result.warnings { StandardOutput.writeError("phbeval: warning: \(warning.rendered(naming: Flags.flag))\n") }
        try StandardOutput.write(json ? result.json(naming: Flags.flag).rendered()
                                 : "Balance of \(data): \(result.rowCount) rows; \(result.dropped.summary)\n"
                                   + "Arms: treated \(MessageText.cell(arm)) = \(MessageText.cell(treated)); control \(MessageText.cell(arm)) = \(MessageText.list(result.armCoding.controlValues))\n"
                                   + result.weighting.table())
    }
}
