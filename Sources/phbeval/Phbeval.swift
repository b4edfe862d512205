import ArgumentParser
import Foundation
import PHBEval

/// `phbeval`: evaluation statistics and cost-effectiveness for personal health budgets.
///
/// Exit status: 0 success; 1 the analysis could not be done; 2 bad usage or bad input (the
/// engine's mapping, ``Failure``, and argument errors). Errors go to stderr as
/// `phbeval: FILE:LINE:COLUMN: what is wrong; what to do`.
@main
struct Phbeval: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "phbeval",
            abstract: "Evaluate personal health budgets: score instruments, fit regressions, analyse cost-effectiveness.",
            discussion: """
            Exit status: 0 success; 1 the analysis could not be done (singular design, no variation, \
            separation, …); 2 bad usage or bad input. Errors are printed to stderr as \
            FILE:LINE:COLUMN: what is wrong; what to do.
            """,
            version: Engine.versionDescription,
            subcommands: [Score.self, Regress.self, CEA.self, Impute.self, Balance.self, Analyze.self, Simulate.self, Reproduce.self]
        )
    }

    static func main() {
        BLASKernels.restartWithFasterKernelsIfNeeded()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let status = Failure.exitStatus(for: error), let message = Failure.message(for: error, naming: Flags.flag) {
                fail(message, status: status)
            }
            // Help, --version and argument errors from swift-argument-parser. Usage errors exit 2
            // (its default, 64, is not part of phbeval's contract).
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            if let explicit = error as? ExitCode { Foundation.exit(explicit.rawValue) }
            fail(fullMessage(for: error), status: 2)
        }
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        StandardOutput.writeError("phbeval: \(message)\n")
        Foundation.exit(status)
    }
}
