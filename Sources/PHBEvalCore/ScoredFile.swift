import Foundation
import Instruments
import StatFiles
import Tabular

/// A data file scored by a ``Scorer``: what `phbeval score` writes.
///
/// - a CSV input is written back with ``csv()``: its header and records exactly as written, with
///   the score column(s) appended (a missing score is an empty field);
/// - a Stata or SPSS input is written back in its own format by ``write(to:otherInputs:)``, every
///   variable, label and missing code kept, the scores appended as numeric variables;
/// - ``json(output:)``: the `--json` summary, each score column's counts, reasons for missing
///   scores and descriptive statistics, and the provenance of the scoring;
/// - ``report``: the same in a few lines for the terminal.
public struct ScoredFile {
    /// The input as read: a CSV file (every field kept as written) or a statistical package's file.
    public enum Input {
        case csv(CSVFile)
        case statFile(StatFile)
    }

    public let input: Input
    /// The input's typed columns (item columns categorical by their codes).
    public let dataset: Dataset
    public let scorer: Scorer
    public let table: ScoreTable

    /// Reads the file at `path` (CSV, or Stata/SPSS/SAS by `format` or its extension; item
    /// columns as their codes, see ``Scorer/itemColumns``) and scores it.
    ///
    /// - Throws: ``InputError`` for unreadable or malformed data, a response out of range, an
    ///   unknown column, or a score column whose name the input already has.
    public init(path: String, scorer: Scorer, options: CSVOptions = CSVOptions(), format: DataFormat? = nil) throws {
        if let statFormat = (format ?? DataFormat(path: path)).statFileFormat {
            let file = try StatFileReader.read(path: path, format: statFormat)
            let dataset = try file.dataset(source: path, options: StatFileOptions(categorical: options.categorical, codes: scorer.itemColumns))
            try self.init(input: .statFile(file), dataset: dataset, scorer: scorer)
        } else {
            let file = try CSVFile(path: path, options: options, categoricalIfPresent: scorer.itemColumns)
            try self.init(input: .csv(file), dataset: file.dataset, scorer: scorer)
        }
    }

    /// Scores a CSV file already read.
    ///
    /// - Throws: as ``init(path:scorer:options:format:)``.
    public init(file: CSVFile, scorer: Scorer) throws {
        try self.init(input: .csv(file), dataset: file.dataset, scorer: scorer)
    }

    init(input: Input, dataset: Dataset, scorer: Scorer) throws {
        self.input = input
        self.dataset = dataset
        self.scorer = scorer
        table = try scorer.score(dataset)
        let names = dataset.columnNames
        if let taken = table.columns.lazy.compactMap({ column in names.firstIndex(of: column.name) }).first {
            throw InputError(file: dataset.source, line: 1, column: taken + 1,
                             problem: "the input already has a column '\(names[taken])', which the score would duplicate",
                             fix: "name the score column with \(parameter: .scoreName)")
        }
    }

    /// The input CSV's header and records as written, followed by the score columns.
    /// - Throws: ``InputError`` for a Stata, SPSS or SAS input, which is written in its own
    ///   format with ``write(to:otherInputs:)``.
    public func csv() throws -> [UInt8] {
        guard case .csv(let file) = input else {
            throw InputError(parameter: .out, problem: "the scores of \(MessageText.path(dataset.source)) are written in its own format, not as CSV on stdout",
                             fix: "write them to a file with \(parameter: .out) FILE\(Self.statFileExtension(of: input)), or ask for the JSON summary only")
        }
        return file.appending(table.columns)
    }

    /// Writes the scored file to `path` atomically (AtomicFile): a CSV input as ``csv()``, a Stata
    /// or SPSS input in its format (`.dta`; `.sav`, or `.zsav` zlib-compressed).
    ///
    /// - Parameter otherInputs: the other files the scoring read (a weights file): the output
    ///   may be none of them either.
    /// - Throws: ``InputError`` when `path` is the input file itself or another input, through
    ///   any link or spelling (input files are never modified), when its extension names another
    ///   format than the input's, or when it cannot be written.
    public func write(to path: String, otherInputs: [String] = []) throws {
        try OutputPaths.checkDistinct(outputs: [(path, .out)], inputs: [dataset.source] + otherInputs)
        switch input {
        case .csv:
            if let format = StatFileFormat(path: path) {
                throw InputError(parameter: .out, problem: "the input is a CSV file, so the scores are written as CSV, not as a \(format.displayName) file",
                                 fix: "give \(parameter: .out) a .csv name, or score the \(format.displayName) file itself")
            }
            try AtomicFile.write(Data(try csv()), to: path)
        case .statFile(var file):
            guard StatFileFormat(path: path) == file.format, file.format != .sas else {
                throw InputError(parameter: .out, problem: "the input is a \(file.format.displayName) file, so the scores are written to a \(file.format.displayName) file, and \(MessageText.path(path)) is not one",
                                 fix: file.format == .sas ? "phbeval writes no SAS files: export the data as CSV or .dta and score that" : "give \(parameter: .out) a name ending in \(file.format == .stata ? ".dta" : ".sav or .zsav")")
            }
            if file.format == .spss { file.isZlibCompressed = path.lowercased().hasSuffix(".zsav") }
            let scores = table.columns.map { column in (name: column.name, label: String?.none, values: column.numbers!.map { $0.isNaN ? nil : $0 }) }
            try AtomicFile.write(Data(try StatFileWriter.bytes(of: try file.appending(scores, source: dataset.source), for: path)), to: path)
        }
    }

    /// `.dta` or `.sav`: the extension of a file in the input's format.
    static func statFileExtension(of input: Input) -> String {
        guard case .statFile(let file) = input else { return ".csv" }
        switch file.format {
        case .stata: return ".dta"
        case .spss: return ".sav"
        case .sas: return ".sas7bdat"
        }
    }

    /// The `--json` document: `instrument`, `data`, `rows`, `output` (the CSV's path or null),
    /// `scores` (per score column `column`, `n_scored`, `n_missing`, `missing_reasons` [{`reason`,
    /// `count`}], `n_prorated`, `mean`, `sd`, `min`, `max`), `provenance` (`instrument`,
    /// `version`, `method`, `value_set`, `alias`, `publication` {`author`, `year`, `citation`,
    /// `doi`, `pubmed`, `url`}, `source`, `parameters`) and `phbeval_version`.
    public func json(output: String?) -> JSONValue {
        .object([
            ("instrument", .string(scorer.instrument.rawValue)),
            ("data", .string(dataset.source)),
            ("rows", .int(dataset.rowCount)),
            ("output", output.map(JSONValue.string) ?? .null),
            ("scores", .array(table.summaries.map(\.json))),
            ("provenance", table.provenance.json),
            ("phbeval_version", .string(Engine.version)),
        ])
    }

    /// One line per score column (rows scored, prorated and missing, with reasons) and one saying
    /// what the scores were computed with.
    public var report: String {
        var lines = table.summaries.map { summary in
            var line = "\(summary.column): \(summary.scored) of \(summary.scored + summary.missing) rows scored"
            if let prorated = summary.prorated, prorated > 0 { line += " (\(prorated) prorated)" }
            if summary.missing > 0 {
                line += "; \(summary.missing) missing (" + summary.missingReasons.map { "\($0.reason): \($0.count)" }.joined(separator: ", ") + ")"
            }
            return line
        }
        lines.append(table.provenance.summary)
        return lines.joined(separator: "\n") + "\n"
    }

}

extension ScoreSummary {
    /// The JSON of a score column (the one serialisation): `column`, `n_scored`, `n_missing`,
    /// `missing_reasons`, `n_prorated`, `mean`, `sd`, `min`, `max`, in that order; every key is
    /// written, absent values as null, so the shape does not depend on the data.
    public var json: JSONValue {
        .object([
            ("column", .string(column)),
            ("n_scored", .int(scored)),
            ("n_missing", .int(missing)),
            ("missing_reasons", .array(missingReasons.map { .object([("reason", .string($0.reason)), ("count", .int($0.count))]) })),
            ("n_prorated", prorated.map(JSONValue.int) ?? .null),
            ("mean", .optional(mean)),
            ("sd", .optional(sd)),
            ("min", .optional(min)),
            ("max", .optional(max)),
        ])
    }
}

extension ScoringProvenance {
    /// The JSON of a provenance (the one serialisation): `instrument`, `version`, `method`,
    /// `value_set`, `alias`, `publication` {author, year, citation, doi, pubmed, url}, `source`,
    /// `parameters` (sorted by name); absent values as null.
    public var json: JSONValue {
        .object([
            ("instrument", .string(instrument)),
            ("version", .string(version)),
            ("method", .string(method)),
            ("value_set", valueSet.map(JSONValue.string) ?? .null),
            ("alias", alias.map(JSONValue.string) ?? .null),
            ("publication", publication.map { p in
                .object([
                    ("author", .string(p.author)),
                    ("year", .int(p.year)),
                    ("citation", .string(p.citation)),
                    ("doi", p.doi.map(JSONValue.string) ?? .null),
                    ("pubmed", p.pubmed.map(JSONValue.string) ?? .null),
                    ("url", p.url.map(JSONValue.string) ?? .null),
                ])
            } ?? .null),
            ("source", source.map(JSONValue.string) ?? .null),
            ("parameters", .object(parameters.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }

    /// E.g. `EQ-5D-5L scored with EQ-5D-5L value set, England (England-Devlin-2018: Devlin 2018,
    /// doi:10.1002/hec.3564)` or `GHQ-12 scored with Likert (0-1-2-3), 0–36; caseness: ghq score ≥ 4,
    /// prorate_max_missing: 0`.
    var summary: String {
        let name = version.first?.isNumber == true ? "\(instrument)-\(version)" : "\(instrument) \(version)"
        var text = "\(name) scored with \(method)"
        if let valueSet {
            var cited = [alias, publication?.citation].compactMap { $0 }.joined(separator: ": ")
            if let doi = publication?.doi { cited += ", doi:\(doi)" }
            text += ", \(valueSet)" + (cited.isEmpty ? "" : " (\(cited))")
        }
        if !parameters.isEmpty {
            text += "; " + parameters.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
        return text
    }
}
