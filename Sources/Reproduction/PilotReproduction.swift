import Foundation
import PHBEvalCore
import Pipeline
import Report
import Study

/// `phbeval reproduce`, the project's main job (issue 10): runs the shipped pilot study spec
/// (`datasets/phbe-pilot-2012/study.yaml`) through the `analyze` pipeline, writing its full
/// report into `OUT/phbe-pilot-2012/`, counts the follow-up figures from
/// `datasets/phbe-followup-2015/`, and writes `OUT/phbe-pilot-reproduction.md` and `.json`: the
/// published findings (../shared/reference/published-findings.md) against the engine's figures,
/// each with a status the engine computes (``Finding``). Same data → byte-identical files for
/// any thread count (the bootstrap's streams are keyed by replicate).
public enum PilotReproduction {
    /// The shipped inputs, relative to the repository's root.
    public static let pilotSpec = "datasets/phbe-pilot-2012/study.yaml"
    public static let followUpDirectory = "datasets/phbe-followup-2015"
    /// The default output directory and the files written into it.
    public static let defaultOut = "reports"
    public static let pilotReportDirectory = "phbe-pilot-2012"
    public static let markdownFile = "phbe-pilot-reproduction.md"
    public static let jsonFile = "phbe-pilot-reproduction.json"

    /// What a run found.
    public struct Outcome: Sendable {
        public var pilot: StudyResults
        public var findings: [Finding]
        /// Every file written, in order.
        public var files: [String]
    }

    /// Runs the reproduction from the repository's root `root` into `out`; `naming` and `flags`
    /// write parameters in the pilot report's messages and its `cea` command (as `analyze`).
    /// - Throws: ``InputError`` when a shipped input is missing (run from the repository's root)
    ///   or an output would replace an input; the pipeline's errors otherwise.
    public static func run(root: String = ".", out: String = defaultOut, threads: Int? = nil,
                           naming: @escaping (Parameter) -> String, flags: @escaping (Parameter) -> String,
                           progress: @escaping (String) -> Void = { _ in }) throws -> Outcome {
        func path(_ base: String, _ name: String) -> String { (base as NSString).appendingPathComponent(name) }
        let specPath = path(root, pilotSpec)
        for input in [specPath, path(root, followUpDirectory)] where !FileManager.default.fileExists(atPath: input) {
            throw InputError(parameter: .out, problem: "the shipped input \(MessageText.path(input)) is not there",
                             fix: "run phbeval reproduce from the repository's root (the folder with datasets/)")
        }
        let spec = try StudySpec.load(path: specPath, overrides: [])
        let pilotOut = path(out, pilotReportDirectory)
        try StudyReport.checkOutputs(spec, directory: pilotOut)
        let summaryPaths = [path(out, markdownFile), path(out, jsonFile)]
        try OutputPaths.checkDistinct(outputs: summaryPaths.map { ($0, .out) }, inputs: StudyReport.inputs(spec))

        let results = try StudyPipeline.run(spec, threads: threads, progress: progress)
        let findings = try PilotFindings.findings(results) + FollowUpFindings.findings(directory: path(root, followUpDirectory))
        var files = try StudyReport.write(results, to: pilotOut, naming: naming, flags: flags)
        let document = ReproductionDocument(results: results, findings: findings, pilotReport: "\(pilotReportDirectory)/\(StudyReport.reportFile)")
        try AtomicFile.write(document.markdown, to: summaryPaths[0])
        try AtomicFile.write(document.json.rendered(), to: summaryPaths[1])
        files += summaryPaths
        return Outcome(pilot: results, findings: findings, files: files)
    }
}
