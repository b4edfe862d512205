import Foundation
@_exported import Reconstruction

/// `phbeval simulate`: writes the reconstructed pilot and follow-up datasets under a folder.
public enum Simulation {
    /// The folder written when none is given: `datasets`, relative to the working directory (the
    /// repository's root).
    public static let defaultFolder = "datasets"

    /// Writes every generated file of ``Reconstruction`` under `folder` (each through
    /// ``AtomicFile``) and returns the paths written, in order.
    /// - Throws: ``InputError`` when a file cannot be written.
    public static func write(into folder: String) throws -> [String] {
        try Reconstruction.files().map { file in
            let path = (folder as NSString).appendingPathComponent(file.path)
            try AtomicFile.write(file.text, to: path)
            return path
        }
    }
}
