import Foundation
import PHBEvalCore
import Pipeline
import Study

/// Writes a study's report into a directory: `report.md`, `results.json`, `figures/*.svg` (linked
/// from the Markdown by relative paths) and `analysis-data.csv` (the prepared data the CEA saw,
/// on which `phbeval cea` reproduces `primary`). Only these files are written, each atomically;
/// none may be an input.
public enum StudyReport {
    public static let reportFile = "report.md"
    public static let resultsFile = "results.json"
    public static let analysisDataFile = "analysis-data.csv"
    public static let figuresDirectory = "figures"

    /// The output directory: `out` (the command line), else the spec's `report.out`.
    /// - Throws: ``InputError`` when neither is given.
    public static func directory(_ spec: StudySpec, out: String?) throws -> String {
        if let out { return out }
        if let out = spec.report.out { return out }
        throw InputError(parameter: .out, problem: "no output directory is given", fix: "give \(parameter: .out) DIR, or report.out in the spec")
    }

    /// The files a report of `spec` writes into `directory` (figures are known only after the
    /// analysis, so their directory stands for them).
    static func plannedOutputs(_ directory: String) -> [String] {
        [reportFile, resultsFile, analysisDataFile].map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The files a study reads (no output may replace one).
    public static func inputs(_ spec: StudySpec) -> [String] { Provenance.inputPaths(spec) }

    /// Checks before any work that the outputs can be written and replace no input.
    /// - Throws: ``InputError`` at ``Parameter/out``.
    public static func checkOutputs(_ spec: StudySpec, directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError(parameter: .out, problem: "\(MessageText.path(directory)) is a file, not a directory",
                             fix: "give a directory for the report (it is created when missing)")
        }
        let inputs = Provenance.inputPaths(spec)
        try OutputPaths.checkDistinct(outputs: plannedOutputs(directory).map { ($0, .out) }, inputs: inputs)
    }

    /// Writes the report of `results` into `directory`; returns the paths written. `naming`
    /// writes parameters in messages (the spec's keys), `flags` the `phbeval` flags of the
    /// equivalent `cea` command.
    public static func write(_ results: StudyResults, to directory: String, naming: @escaping (Parameter) -> String,
                             flags: @escaping (Parameter) -> String) throws -> [String] {
        let summary = Summary(results)
        let provenance = try Provenance(results.spec)
        let figures = StudyFigure.all(results)
        let inputs = Provenance.inputPaths(results.spec)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let figurePaths = figures.map { path("\(figuresDirectory)/\($0.file)") }
        try OutputPaths.checkDistinct(outputs: (plannedOutputs(directory) + figurePaths).map { ($0, .out) }, inputs: inputs)
        let text = ReportText(r: results, summary: summary, provenance: provenance, figures: figures, flags: flags)
        let json = ResultsDocument.make(results, summary: summary, provenance: provenance, naming: naming, flags: flags)
        var written: [String] = []
        for (figure, target) in zip(figures, figurePaths) {
            try AtomicFile.write(figure.svg, to: target)
            written.append(target)
        }
        try AtomicFile.write(AnalysisDataCSV.text(results.primaryData), to: path(analysisDataFile))
        try AtomicFile.write(json.rendered(), to: path(resultsFile))
        try AtomicFile.write(text.markdown, to: path(reportFile))
        return written + [path(analysisDataFile), path(resultsFile), path(reportFile)]
    }
}

/// A dataset as CSV (RFC 4180): numbers in their shortest round-trip form, categories by their
/// labels, a missing value as an empty field, a field quoted when it holds a comma, quote or
/// line break. Read back by `phbeval cea`, it gives the same numbers bit for bit.
enum AnalysisDataCSV {
    static func text(_ data: Dataset) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ")
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = data.columnNames.map(field).joined(separator: ",") + "\n"
        for row in 0..<data.rowCount {
            out += data.columns.map { column -> String in
                guard !column.missing[row] else { return "" }
                switch column.values {
                case .numeric(let v): return v[row].shortestText
                case .categorical(let codes, let levels): return field(levels[Int(codes[row])])
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }
}
