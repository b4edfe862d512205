import ArgumentParser
import PHBEval

/// `phbeval reproduce`: the project's main job (the shipped pilot spec and the follow-up tables,
/// published vs reproduced).
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reproduce the PHB pilot (2012) and follow-up (2015) findings from the shipped data.",
        discussion: """
        Runs datasets/phbe-pilot-2012/study.yaml through the analyze pipeline (its report into \
        DIR/phbe-pilot-2012/), counts the follow-up figures from datasets/phbe-followup-2015/, and \
        writes DIR/phbe-pilot-reproduction.md and .json: each published finding beside the \
        figure the engine computes and a status (matches, within tolerance, differs). The data \
        are a calibrated reconstruction, not the evaluation's. Run from the repository's root; \
        no network; byte-identical output for any --threads.
        """
    )

    @Option(help: ArgumentHelp("Output directory (created when missing).", valueName: "DIR"))
    var out: String = PilotReproduction.defaultOut

    @Option(parsing: .unconditional, help: ArgumentHelp("Bootstrap worker threads (default: every core); results do not depend on it.", valueName: "N"))
    var threads: Int?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if let threads, !CEASpecification.threadRange.contains(threads) { throw ValidationError("--threads must be between 1 and \(CEASpecification.threadRange.upperBound)") }
    }

    func run() throws {
        let quiet = self.quiet
        let outcome = try PilotReproduction.run(out: out, threads: threads, naming: Analyze.naming, flags: Flags.flag) { line in
            if !quiet { StandardOutput.writeError("phbeval: \(line)\n") }
        }
        if !quiet {
            let counts = Dictionary(grouping: outcome.findings, by: \.status.rawValue).mapValues(\.count).sorted { $0.key < $1.key }
            StandardOutput.writeError("phbeval: \(outcome.findings.count) findings: \(counts.map { "\($0.value) \($0.key)" }.joined(separator: ", ")); wrote \(outcome.files.count) files to \(out) (\(PilotReproduction.markdownFile))\n")
        }
    }
}
