import ArgumentParser
import Foundation
import PHBEval

extension ScoreRequest.Instrument: ExpressibleByArgument {}

/// `phbeval score`: item responses to scores, written beside the input columns.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score EQ-5D-3L, EQ-5D-5L, GHQ-12 or ASCOT item responses.",
        discussion: """
        Writes the input CSV (every field as written) with the score column(s) appended: to \
        --out FILE (written atomically), else to stdout. A row with a missing response gets an \
        empty score, never a zero; a code outside the instrument's range stops the run (exit 2) \
        naming file, line, column and the codes allowed. How many scores are missing, and why, \
        is printed on stderr (not with --quiet or --json).

        --json prints a summary instead (per score column: rows scored and missing with reasons, \
        mean, sd, min, max; the provenance: instrument, version, method, value set, publication, \
        DOI, parameters); the CSV is then written only with --out.

        Instruments and their columns (--columns, in this order):
          eq5d-3l, eq5d-5l  MO,SC,UA,PD,AD, or one column of 5-digit states (12321)
          ghq12             the 12 items in questionnaire order, coded 1 (healthiest)-4
          ascot             the 8 SCT4/INT4 current-state items, coded 1 (ideal)-4
                            (high-level needs): control, cleanliness, food, safety,
                            social, occupation, accommodation, dignity; INT4
                            expected-state items with --expected-columns

        Value sets are named as the columns of the eq5d tables (UK, England, USA, …) or by their \
        publication (UK-Dolan-1997, England-Devlin-2018, UK-Rowen-2026). ASCOT preference \
        weights are © University of Kent and licensed: phbeval ships none, and computes the \
        weighted SCRQoL index only from a --weights file you hold.

        Examples:
          phbeval score eq5d-5l data.csv --columns mo,sc,ua,pd,ad --out scored.csv
          phbeval score eq5d-5l data.csv --columns state --value-set UK-Rowen-2026
          phbeval score eq5d-5l data.csv --columns mo,sc,ua,pd,ad --crosswalk UK \\
              --name eq5d_3l --json --out scored.csv
          phbeval score ghq12 data.csv --method ghq \\
              --columns g1,g2,g3,g4,g5,g6,g7,g8,g9,g10,g11,g12
        """
    )

    @Argument(help: ArgumentHelp("The instrument.", valueName: "INSTRUMENT"))
    var instrument: ScoreRequest.Instrument

    @Argument(help: ArgumentHelp("CSV data file with a header row (never modified).", valueName: "DATA.csv"))
    var data: String

    @Option(help: ArgumentHelp("The item columns, comma-separated, in the instrument's order (see above).", valueName: "a,b,…"))
    var columns: String

    @Option(name: .customLong("expected-columns"),
            help: ArgumentHelp("ascot: the eight INT4 expected-state items; adds NAME_expected and NAME_gain (current − expected).", valueName: "a,b,…"))
    var expectedColumns: String?

    @Option(name: .customLong("value-set"),
            help: ArgumentHelp("EQ-5D value set: a table column (UK, England, USA, …) or an alias (UK-Dolan-1997, England-Devlin-2018, UK-Rowen-2026). Default: eq5d-3l UK (Dolan 1997), eq5d-5l England (Devlin 2018).", valueName: "NAME"))
    var valueSet: String?

    @Option(help: ArgumentHelp("eq5d-5l: value the 5L responses on this country's 3L value set through the van Hout crosswalk (e.g. UK).", valueName: "NAME"))
    var crosswalk: String?

    @Option(help: ArgumentHelp("ghq12: likert (0–36, default), ghq (0–12), cghq (0–12) or modified-likert (0–24); eq5d-3l: tto (default) or vas; ascot: unweighted (0–24) or weighted (needs --weights).", valueName: "M"))
    var method: String?

    @Option(help: ArgumentHelp("eq5d-3l: map the 3L responses to the 5L value scale with the NICE DSU 2022/23 tables of this country (UK, …); needs --age-column and --sex-column.", valueName: "COUNTRY"))
    var dsu: String?

    @Option(name: .customLong("age-column"), help: ArgumentHelp("--dsu: column of ages in years (18+) or age bands (18-34, 35-44, 45-54, 55-64, 65+).", valueName: "COL"))
    var ageColumn: String?

    @Option(name: .customLong("sex-column"), help: ArgumentHelp("--dsu: column of sex, male/female or m/f.", valueName: "COL"))
    var sexColumn: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("ghq12: caseness threshold; a respondent whose --caseness-method score is at least this is a case (default 4).", valueName: "X"))
    var threshold: Double?

    @Option(name: .customLong("caseness-method"), help: ArgumentHelp("ghq12: the scoring the threshold applies to (default ghq).", valueName: "M"))
    var casenessMethod: String?

    @Option(name: .customLong("prorate-max"), parsing: .unconditional, help: ArgumentHelp("ghq12: score respondents with at most N items missing, prorated to twelve (default 0: any missing item gives a missing score).", valueName: "N"))
    var prorateMax: Int?

    @Option(help: ArgumentHelp("ascot: a file of SCT4/INT4 preference weights you hold under licence from the University of Kent (format in the README); gives the preference-weighted SCRQoL index.", valueName: "FILE"))
    var weights: String?

    @Option(help: ArgumentHelp("Write the CSV to this file (atomically) instead of stdout.", valueName: "FILE"))
    var out: String?

    @Option(help: ArgumentHelp("Name of the score column (default eq5d_index, ghq12_score, ascot_score); GHQ-12 caseness goes in NAME with _score replaced by _case.", valueName: "COL"))
    var name: String?

    @Flag(help: "Print the JSON summary on stdout; the CSV goes only to --out.")
    var json = false

    @Flag(help: "Do not print the summary on stderr.")
    var quiet = false

    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        var request = ScoreRequest(instrument: instrument, columns: DataOptions.list(columns))
        request.expectedColumns = expectedColumns.map(DataOptions.list)
        request.valueSet = valueSet
        request.crosswalk = crosswalk
        request.method = method
        request.dsuCountry = dsu
        request.ageColumn = ageColumn
        request.sexColumn = sexColumn
        request.threshold = threshold
        request.casenessMethod = casenessMethod
        request.prorateMaxMissing = prorateMax
        request.weightsFile = weights
        request.name = name
        let inputs = [data] + (weights.map { [$0] } ?? [])
        if let out { try OutputPaths.checkDistinct(outputs: [(out, .out)], inputs: inputs) }
        try OutputPaths.checkStandardOutput(inputs: inputs)
        let scored = try ScoredFile(path: data, scorer: try request.scorer(), options: try dataOptions.csvOptions(), format: try dataOptions.dataFormat())
        if let out {
            try scored.write(to: out, otherInputs: Array(inputs.dropFirst()))
        } else if !json {
            try StandardOutput.write(scored.csv())
        }
        if json {
            try StandardOutput.write(scored.json(output: out).rendered())
        } else if !quiet {
            StandardOutput.writeError(scored.report)
        }
    }
}
