import ArgumentParser
import PHBEval

/// `phbeval simulate`: regenerates the calibrated reconstructions of the PHB pilot and follow-up data.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerate the reconstructed PHB pilot (2012) and follow-up (2015) datasets.",
        discussion: """
        Writes DIR/phbe-pilot-2012/participants.csv and unit_costs.csv, and \
        DIR/phbe-followup-2015/questionnaire.csv and support_plans.csv: synthetic data from a \
        seeded model calibrated to the published findings (not the pilot's data; see each \
        folder's README). The same bytes on every machine. Run from the repository's root to \
        regenerate the shipped files.
        """
    )

    @Option(help: ArgumentHelp("Folder to write the two dataset folders into.", valueName: "DIR"))
    var out: String = Simulation.defaultFolder

    func run() throws {
        for path in try Simulation.write(into: out) {
            StandardOutput.writeError("phbeval: wrote \(path)\n")
        }
    }
}
