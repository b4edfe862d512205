import ArgumentParser
import PHBEval

extension CEAImputation.DeltaArm: ExpressibleByArgument {}

/// The multiple-imputation options of `phbeval cea`.
struct CEAImputationOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Multiply impute the missing effects, costs and covariates: M imputations (with --bootstrap, per bootstrap sample: 2 is bootImpute's default; else 5 or more).", valueName: "M"))
    var imputations: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Iterations of the chained equations (default 5, mice's maxit).", valueName: "K"))
    var iterations: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Complete columns used only as predictors of the imputations.", valueName: "\"z1 + z2\""))
    var auxiliary: String?

    @Option(help: ArgumentHelp("Imputation method per variable: pmm (default for numbers), norm or logreg.", valueName: "a=pmm,b=norm"))
    var method: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Donors of predictive mean matching (default 5).", valueName: "d"))
    var donors: Int?

    @Flag(name: .customLong("impute-by-arm"), help: "Impute each arm with its own chains (the arm is then not a predictor).")
    var byArm = false

    @Option(name: .customLong("delta-effect"), parsing: .unconditional, help: ArgumentHelp("MNAR sensitivity: shifts δ added to the imputed effects of --delta-arm (comma-separated).", valueName: "a,b,c"))
    var deltaEffect: String?

    @Option(name: .customLong("delta-cost"), parsing: .unconditional, help: ArgumentHelp("MNAR sensitivity: shifts δ added to the imputed costs of --delta-arm (comma-separated).", valueName: "a,b,c"))
    var deltaCost: String?

    @Option(name: .customLong("delta-arm"), help: "The arm whose imputed values δ shifts: treated (default), control or both.")
    var deltaArm: CEAImputation.DeltaArm = .treated

    /// The request, or nil without --imputations.
    func specification() throws -> CEAImputation? {
        guard let imputations else {
            if iterations != nil || auxiliary != nil || method != nil || donors != nil || byArm || deltaEffect != nil || deltaCost != nil {
                throw ValidationError("--iterations, --auxiliary, --method, --donors, --impute-by-arm and --delta-effect/--delta-cost need --imputations M")
            }
            return nil
        }
        return CEAImputation(
            imputations: imputations, iterations: iterations ?? ImputationOptions.defaultIterations,
            auxiliary: try auxiliary.map { try ImputationOptions.columns(parsing: $0, parameter: .auxiliary) } ?? [],
            methods: try method.map(ImputationOptions.methods(parsing:)) ?? [:], donors: donors ?? ImputationOptions.defaultDonors,
            byArm: byArm, deltaEffect: try deltaEffect.map { try CEAImputation.grid(parsing: $0, parameter: .deltaEffect) } ?? [],
            deltaCost: try deltaCost.map { try CEAImputation.grid(parsing: $0, parameter: .deltaCost) } ?? [], deltaArm: deltaArm)
    }
}
