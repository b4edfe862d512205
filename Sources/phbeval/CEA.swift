import ArgumentParser
import Foundation
import PHBEval
import Synchronization

extension CEASpecification.Model: ExpressibleByArgument {}
extension BootstrapInterval: ExpressibleByArgument {}

/// `phbeval cea`: incremental cost-effectiveness of an intervention arm against control.
struct CEA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cea",
        abstract: "Cost-effectiveness of an intervention against control: increments, ICER, net benefit, CEAC, EVPI.",
        discussion: """
        Without covariates the increments are differences in means (Welch standard errors); with \
        --effect-covariates/--cost-covariates they are the arm coefficients of least-squares \
        equations (outcome ~ arm + covariates), with their cross-equation covariance. --model sur, \
        gamma-cost and two-part change the estimator (two-part for costs with zeros). --cluster makes \
        model errors cluster-robust (CR1, or CR2 with --vcov CR2 for least squares) and resamples \
        whole clusters. --bootstrap B replaces model \
        standard errors and intervals by bootstrap ones (rows resampled within arms, seeded, identical \
        for any --threads). The ICER is reported only in the north-east and south-west quadrants; \
        INB(λ) = λ·ΔE − ΔC; prob_cost_effective is the CEAC. The analysis stops (exit 1) when the \
        arm is a linear combination of covariates (e.g. sites nested in arms with C(site)); \
        covariates that use the arm column, drop the intercept or use the outcome itself are \
        refused (exit 2); a --subgroup column may have at most 10 values; listwise deletion of \
        more than a fifth of the rows is reported as a warning. --propensity weights a non-randomised \
        comparison by inverse probability of treatment (ATE or ATT; weighted least squares with HC1, \
        or CR1, errors; the bootstrap refits the propensity model in every replicate) and adds the \
        balance table and effective sample sizes; --randomised COLUMN keeps randomised rows at weight 1. \
        --imputations M imputes missing effects, costs and covariates (Rubin's rules, or \
        bootstrap-then-impute with --bootstrap); with --propensity the propensity model is fitted in \
        every completed dataset (Leyrat et al. 2019). --subgroup is weighted with --propensity and \
        pooled by Rubin's rules (joint test D1) with --imputations.

        Example:
          phbeval cea datasets/examples/trial.csv --arm arm --treated 1 \\
            --effect ascot12 --cost cost --bootstrap 10000 \\
            --effect-covariates "ascot0 + age + female" \\
            --cost-covariates "age + female"
        """
    )

    @Argument(help: ArgumentHelp("CSV data file with a header row.", valueName: "DATA.csv"))
    var data: String

    @Option(help: ArgumentHelp("Column identifying the arm.", valueName: "column"))
    var arm: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Value of --arm for the intervention; every other value is control (JSON control_values; a warning when several).", valueName: "value"))
    var treated: String

    @Option(help: ArgumentHelp("Effect (outcome) column, e.g. ASCOT or QALYs.", valueName: "column"))
    var effect: String

    @Option(help: ArgumentHelp("Cost column (£).", valueName: "column"))
    var cost: String

    @Option(name: .customLong("effect-covariates"), parsing: .unconditional, help: ArgumentHelp("Covariates of the effect equation, formula terms, e.g. \"ascot0 + age + C(site)\".", valueName: "terms"))
    var effectCovariates: String?

    @Option(name: .customLong("cost-covariates"), parsing: .unconditional, help: ArgumentHelp("Covariates of the cost equation, formula terms.", valueName: "terms"))
    var costCovariates: String?

    @Option(help: "Estimator of the increments: ols (least squares per equation), sur (seemingly unrelated regressions), gamma-cost (gamma GLM for cost, recycled predictions; costs must be > 0) or two-part (logistic for any cost × gamma GLM for positive costs, recycled predictions). Every model takes --bootstrap and --cluster.")
    var model: CEASpecification.Model = .ols

    @Option(help: ArgumentHelp("Cluster column: cluster-robust model errors (from each estimator's influence function) and cluster resampling.", valueName: "column"))
    var cluster: String?

    @Option(name: .customLong("vcov"), help: "Cluster-robust variance with --cluster: CR1 (default) or CR2 (least squares only: bias-reduced, with Satterthwaite t intervals for ΔE and ΔC; recommended with fewer than 30 clusters).")
    var variance: VarianceType = .CR1

    @Option(help: ArgumentHelp("Subgroup column (a baseline characteristic, not the effect or cost): INB per subgroup by net-benefit regression (arm × subgroup). Rows missing it are dropped from the whole analysis.", valueName: "column"))
    var subgroup: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Bootstrap replicates, 2 to 1000000 (e.g. 10000); without it, model-based uncertainty.", valueName: "B"))
    var bootstrap: Int?

    @Option(parsing: .unconditional, help: "Seed of the bootstrap's random streams.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Willingness-to-pay grid in £ per unit of effect.", valueName: "FROM:TO:STEP"))
    var lambda: String = "0:100000:1000"

    @Option(help: "Bootstrap interval: percentile (default) or bca; needs --bootstrap. With --imputations (bootstrap-then-impute) the intervals are t on von Hippel–Bartlett df and bca is refused.")
    var ci: BootstrapInterval?

    @Option(parsing: .unconditional, help: ArgumentHelp("Confidence level of every interval.", valueName: "level"))
    var level: Double = 0.95

    @Option(parsing: .unconditional, help: ArgumentHelp("Bootstrap worker threads (default: every core); results do not depend on it.", valueName: "N"))
    var threads: Int?

    @Option(name: .customLong("replicates-out"), help: ArgumentHelp("Write the bootstrap replicates (ΔE*, ΔC*) as CSV, for the CE plane.", valueName: "FILE"))
    var replicatesOut: String?

    @OptionGroup(title: "Propensity weighting (non-randomised comparisons)") var weighting: WeightingFlags

    @Flag(help: "Print one JSON document instead of the summary.")
    var json = false

    @Flag(help: "No progress messages on stderr.")
    var quiet = false

    @OptionGroup(title: "Multiple imputation") var imputation: CEAImputationOptions

    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        if variance != .CR1, cluster == nil { throw ValidationError("--vcov chooses the cluster-robust variance and needs --cluster COLUMN") }
        guard level > 0 && level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
        if let threads, !CEASpecification.threadRange.contains(threads) { throw ValidationError("--threads must be between 1 and \(CEASpecification.threadRange.upperBound)") }
        if replicatesOut != nil, bootstrap == nil { throw ValidationError("--replicates-out needs --bootstrap B") }
        if ci != nil, bootstrap == nil { throw ValidationError("--ci chooses a bootstrap interval and needs --bootstrap B; model-based intervals are normal") }
        if weighting.propensity == nil, let flag = weighting.orphanFlags.first { throw ValidationError("\(flag) sets up propensity weighting and needs --propensity \"terms\"") }
    }

    func run() throws {
        var spec = CEASpecification(
            arm: arm, treatedValue: treated, effect: effect, cost: cost, effectCovariates: effectCovariates,
            costCovariates: costCovariates, model: model, cluster: cluster, subgroup: subgroup, bootstrapReplicates: bootstrap, seed: seed,
            interval: ci ?? .percentile, lambdas: try Self.lambdaGrid(lambda), level: level, threads: threads)
        spec.clusterVariance = variance
        spec.weighting = weighting.propensity.map(weighting.options(propensity:))
        spec.imputation = try imputation.specification()
        // Limits and output paths are checked before any data is read or work allocated.
        try spec.validate()
        if let replicatesOut { try OutputPaths.checkDistinct(outputs: [(replicatesOut, .replicatesOut)], inputs: [data]) }
        try OutputPaths.checkStandardOutput(inputs: [data])
        let dataset = try dataOptions.read(data)
        let reporter: ProgressReporter? = (quiet || isatty(STDERR_FILENO) == 0) ? nil : ProgressReporter(total: bootstrap ?? 0)
        var progress: (@Sendable (Int) -> Void)? = nil
        if let reporter { progress = { reporter.advance(by: $0) } }
        let result = try CostEffectivenessAnalysis.run(spec, on: dataset, progress: progress).checkedFinite().checkedImputationFinite()
        reporter?.finish()
        if let replicatesOut { try AtomicFile.write(result.replicatesCSV(), to: replicatesOut) }
        for warning in result.warningLines(naming: Flags.flag) {
            StandardOutput.writeError("phbeval: warning: \(warning)\n")
        }
        try StandardOutput.write(json ? result.json(naming: Flags.flag).rendered()
                                 : result.summary(source: data, labels: dataset.variableLabelLine(of: [arm, effect, cost], indent: 13))
                                     + (result.weighting.map { "\n" + $0.table() } ?? "") + result.imputationSummary())
    }

    /// Parses `FROM:TO:STEP` into FROM, FROM+STEP, …, ≤ TO.
    static func lambdaGrid(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2], step > 0, to >= from else {
            throw InputError(parameter: .lambda, problem: "\(MessageText.display(text)) is not a grid FROM:TO:STEP with STEP > 0 and TO ≥ FROM",
                             fix: "write it like 0:100000:1000")
        }
        guard (to - from) / step <= 100_000 else {
            throw InputError(parameter: .lambda, problem: "\(MessageText.display(text)) has more than 100,001 values of λ",
                             fix: "use a larger STEP, e.g. \(from.shortestText):\(to.shortestText):\(((to - from) / 1000).shortestText)")
        }
        let count = Int(((to - from) / step + 1e-9).rounded(.down))
        return (0...count).map { min(from + Double($0) * step, to) }
    }
}

/// Bootstrap progress on stderr ("bootstrap: 4096/10000 replicates"), updated in place.
final class ProgressReporter: Sendable {
    private let total: Int
    private let done = Mutex(0)

    init(total: Int) { self.total = total }

    func advance(by count: Int) {
        let now = done.withLock { value -> Int in value += count; return value }
        StandardOutput.writeError("\rbootstrap: \(now)/\(total) replicates")
    }

    func finish() {
        if done.withLock({ $0 }) > 0 { StandardOutput.writeError("\n") }
    }
}
