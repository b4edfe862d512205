import Foundation
import Instruments
import Tabular

/// A CSV file scored by a ``Scorer``: what `phbeval score` writes.
///
/// - ``csv()``: the input's header and records exactly as written, with the score column(s)
///   appended (a missing score is an empty field);
/// - ``json(output:)``: the `--json` summary, each score column's counts, reasons for missing
///   scores and descriptive statistics, and the provenance of the scoring;
/// - ``report``: the same in a few lines for the terminal.
public struct ScoredFile {
    public let file: CSVFile
    public let scorer: Scorer
    public let table: ScoreTable

    /// Reads the CSV file at `path` (item columns as text, see ``Scorer/itemColumns``) and scores it.
    ///
    /// - Throws: ``InputError`` for unreadable or malformed data, a response out of range, an
    ///   unknown column, or a score column whose name the input already has.
    public init(path: String, scorer: Scorer, options: CSVOptions = CSVOptions()) throws {
        try self.init(file: CSVFile(path: path, options: options, categoricalIfPresent: scorer.itemColumns), scorer: scorer)
    }

    /// Scores a file already read.
    ///
    /// - Throws: as ``init(path:scorer:options:)``.
    public init(file: CSVFile, scorer: Scorer) throws {
        self.file = file
        self.scorer = scorer
        table = try scorer.score(file.dataset)
        let names = file.dataset.columnNames
        if let taken = table.columns.lazy.compactMap({ column in names.firstIndex(of: column.name) }).first {
            throw InputError(file: file.dataset.source, line: 1, column: taken + 1,
                             problem: "the input already has a column '\(names[taken])', which the score would duplicate",
                             fix: "name the score column with \(parameter: .scoreName)")
        }
    }

    /// The input file's header and records as written, followed by the score columns.
    public func csv() -> [UInt8] { file.appending(table.columns) }

    /// Writes ``csv()`` to `path` atomically (AtomicFile).
    ///
    /// - Parameter otherInputs: the other files the scoring read (a weights file): the output
    ///   may be none of them either.
    /// - Throws: ``InputError`` when `path` is the input file itself or another input, through
    ///   any link or spelling (input files are never modified), or cannot be written.
    public func writeCSV(to path: String, otherInputs: [String] = []) throws {
        try OutputPaths.checkDistinct(outputs: [(path, .out)], inputs: [file.dataset.source] + otherInputs)
        try AtomicFile.write(Data(csv()), to: path)
    }

    /// The `--json` document: `instrument`, `data`, `rows`, `output` (the CSV's path or null),
    /// `scores` (per score column `column`, `n_scored`, `n_missing`, `missing_reasons` [{`reason`,
    /// `count`}], `n_prorated`, `mean`, `sd`, `min`, `max`), `provenance` (`instrument`,
    /// `version`, `method`, `value_set`, `alias`, `publication` {`author`, `year`, `citation`,
    /// `doi`, `pubmed`, `url`}, `source`, `parameters`) and `phbeval_version`.
    public func json(output: String?) -> JSONValue {
        .object([
            ("instrument", .string(scorer.instrument.rawValue)),
            ("data", .string(file.dataset.source)),
            ("rows", .int(file.dataset.rowCount)),
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
