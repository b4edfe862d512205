/// The datasets `phbeval simulate` writes: folder name → its generated files (name, CSV text).
/// Each folder also holds a hand-written README (targets, assumptions, data dictionary), which
/// is not generated.
public enum Reconstruction {
    public static let pilotFolder = "phbe-pilot-2012", followUpFolder = "phbe-followup-2015"

    /// Every generated file, as (path relative to the datasets folder, contents), in a fixed order.
    public static func files() -> [(path: String, text: String)] {
        PilotReconstruction.files().map { ("\(pilotFolder)/\($0.name)", $0.text) }
            + FollowUpReconstruction.files().map { ("\(followUpFolder)/\($0.name)", $0.text) }
    }
}
