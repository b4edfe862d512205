import Foundation
import Tabular

/// Writes outputs so that a failed run never leaves a half-written file: the content goes to a
/// temporary file in the same directory, which is then renamed over the target.
public enum AtomicFile {
    /// Writes `text` to `path` atomically, creating the parent directory when needed.
    /// - Throws: ``InputError`` naming the path when it cannot be written.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path` atomically, creating the parent directory when needed.
    /// - Throws: ``InputError`` naming the path when it cannot be written.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw InputError(file: path, problem: "cannot write the file (\(error.localizedDescription))",
                             fix: "check that the directory exists and is writable")
        }
    }
}
