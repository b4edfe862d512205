import ArgumentParser
import Foundation
import PHBEval

/// `phbeval analyze`: a study spec (YAML) → the pipeline → a report directory.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run a study spec: score, derive, cost, describe, CEA, subgroups, sensitivity; write a report.",
        discussion: """
        Reads STUDY.yaml (spec_version 1; every key documented in datasets/examples/study.yaml) and \
        writes DIR/report.md, DIR/results.json, DIR/figures/*.svg and DIR/analysis-data.csv (the \
        prepared data, on which the 'cea' command in results.json's primary_command reproduces \
        'primary'). Spec errors exit 2 as STUDY.yaml:LINE:COLUMN: key: what is wrong; what to do. \
        Steps that take over a second are reported on stderr (--quiet silences them).

        Example:
          phbeval analyze datasets/examples/study.yaml --out reports/example \\
            --set analysis.bootstrap.replicates=1000
        """
    )

    @Argument(help: ArgumentHelp("The study spec (YAML).", valueName: "STUDY.yaml"))
    var spec: String

    @Option(help: ArgumentHelp("Output directory (default: the spec's report.out); created when missing.", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Override a spec key, e.g. analysis.bootstrap.replicates=5000 (repeatable; the value is read as YAML; list items are numbered from 1).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Bootstrap worker threads (default: analysis.threads, else every core); results do not depend on it.", valueName: "N"))
    var threads: Int?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if let threads, !CEASpecification.threadRange.contains(threads) { throw ValidationError("--threads must be between 1 and \(CEASpecification.threadRange.upperBound)") }
    }

    /// Parameters in messages as spec keys where they are one (`analysis.cluster`), else flags.
    static func naming(_ parameter: Parameter) -> String { StudySpec.key(for: parameter) ?? Flags.flag(for: parameter) }

    func run() throws {
        var study: StudySpec? = nil
        do {
            let loaded = try StudySpec.load(path: spec, overrides: try overrides.map(SpecOverride.init))
            study = loaded
            let directory = try StudyReport.directory(loaded, out: out)
            try StudyReport.checkOutputs(loaded, directory: directory)
            let quiet = self.quiet
            let results = try StudyPipeline.run(loaded, threads: threads) { line in
                if !quiet { StandardOutput.writeError("phbeval: \(line)\n") }
            }
            for warning in results.primary.result.warningLines(naming: Self.naming) {
                StandardOutput.writeError("phbeval: warning: \(warning)\n")
            }
            for s in results.sensitivity { if let failure = s.failure { StandardOutput.writeError("phbeval: warning: sensitivity analysis \(s.variation.label) could not be analysed: \(failure)\n") } }
            let files = try StudyReport.write(results, to: directory, naming: Self.naming, flags: Flags.flag)
            if !quiet { StandardOutput.writeError("phbeval: wrote \(files.count) files to \(directory) (report: \((directory as NSString).appendingPathComponent(StudyReport.reportFile)))\n") }
        } catch {
            let located = (error as? InputError).map { study?.located($0) ?? $0 } ?? error
            guard let status = Failure.exitStatus(for: located), let message = Failure.message(for: located, naming: Self.naming) else { throw error }
            StandardOutput.writeError("phbeval: \(message)\n")
            throw ExitCode(status)
        }
    }
}
