import ArgumentParser
import Foundation
import PHBEval

/// `phbeval impute`: multiple imputation by chained equations, as R's mice.
struct Impute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Multiply impute missing values by chained equations (as R's mice) and write the completed datasets.",
        discussion: """
        Each variable of --variables is imputed from all the others and the --auxiliary columns \
        (complete, never imputed), visited in the file's column order, for --iterations rounds \
        after starting from random draws of observed values; m chains give m completed datasets. \
        Methods (mice's): pmm, predictive mean matching with type-1 matching and --donors \
        donors (default for numbers); norm, Bayesian linear regression; logreg, logistic \
        regression (default for a categorical column with two levels; mice's data augmentation \
        is not used). Categorical variables with more than two levels cannot be imputed (mice's \
        polyreg is not available). A passive variable (--passive "total=a+b") is recomputed \
        where it is missing after each imputation of a component. --by COL runs separate chains \
        within each level of COL (imputation by arm). The output is mice's long format: .imp \
        (1..m), .id (row number) and then every column; --include-original puts the data as \
        given first as .imp 0, for R's mice::as.mids(). Results depend only on the data, the \
        options and --seed, never on --threads.

        Example:
          phbeval impute datasets/examples/trial.csv --variables ascot12,cost,age \\
            --auxiliary "arm + ascot0" --m 20 --iterations 10 --seed 7 --out completed.csv
          phbeval regress completed.csv --formula "ascot12 ~ arm + ascot0" --imputations .imp
        """
    )

    @Argument(help: ArgumentHelp("CSV data file with a header row.", valueName: "DATA.csv"))
    var data: String

    @Option(help: ArgumentHelp("Columns to impute (comma-separated).", valueName: "a,b"))
    var variables: String

    @Option(name: .customLong("m"), parsing: .unconditional, help: ArgumentHelp("Number of imputations (completed datasets).", valueName: "m"))
    var imputations: Int = ImputationOptions.defaultImputations

    @Option(parsing: .unconditional, help: ArgumentHelp("Iterations of the chained equations (default 5, mice's maxit).", valueName: "K"))
    var iterations: Int = ImputationOptions.defaultIterations

    @Option(parsing: .unconditional, help: "Seed of the imputations' random streams.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Method per variable: pmm, norm or logreg (default pmm for numbers, logreg for two categories).", valueName: "a=pmm,b=norm"))
    var method: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Donors of predictive mean matching (default 5, as mice).", valueName: "d"))
    var donors: Int = ImputationOptions.defaultDonors

    @Option(parsing: .unconditional, help: ArgumentHelp("Complete columns used only as predictors.", valueName: "\"z1 + z2\""))
    var auxiliary: String?

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Predictors of one variable instead of all the others (repeatable).", valueName: "\"a=x+z\""))
    var predictors: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("A passive variable recomputed from imputed ones (repeatable).", valueName: "\"total=a+b\""))
    var passive: [String] = []

    @Option(help: ArgumentHelp("Column whose levels get separate chains (e.g. the arm); must be complete.", valueName: "column"))
    var by: String?

    @Option(help: ArgumentHelp("Output file of the completed datasets (mice's long format).", valueName: "LONG.csv"))
    var out: String

    @Flag(help: "Write the data as given first, as .imp 0 (mice's complete(imp, \"long\", include = TRUE)), so that R's mice::as.mids() reads the file back.")
    var includeOriginal = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads (default: every core); results do not depend on it.", valueName: "N"))
    var threads: Int?

    @Flag(help: "Print the diagnostics as one JSON document instead of the summary.")
    var json = false

    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be between 1 and 1024") }
    }

    func run() throws {
        let options = ImputationOptions(
            variables: DataOptions.list(variables), methods: try method.map(ImputationOptions.methods(parsing:)) ?? [:],
            predictors: try ImputationOptions.predictors(parsing: predictors), auxiliary: try auxiliary.map { try ImputationOptions.columns(parsing: $0, parameter: .auxiliary) } ?? [],
            passive: try passive.map(PassiveVariable.init(parsing:)), by: by, imputations: imputations, iterations: iterations,
            donors: donors, seed: seed, threads: threads)
        try OutputPaths.checkDistinct(outputs: [(out, .out)], inputs: [data])
        try OutputPaths.checkStandardOutput(inputs: [data])
        let dataset = try dataOptions.read(data)
        let result = try ImputationModel(data: dataset, options: options).impute()
        try AtomicFile.write(Data(try result.longFormat(includingOriginal: includeOriginal)), to: out)
        try StandardOutput.write(json ? result.json(output: out).rendered() : result.summary(output: out))
    }
}
