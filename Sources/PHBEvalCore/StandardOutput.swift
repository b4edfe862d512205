import Foundation
import Tabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output and standard error without losing a failure: every byte goes
/// through `write(2)` (no buffer left to flush at exit), and a failed write to standard output (a
/// full device, a closed descriptor) is an ``InputError`` naming it, so the run exits non-zero.
public enum StandardOutput {
    /// Writes `text` to standard output.
    /// - Throws: ``InputError`` when it cannot be written completely.
    public static func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes `bytes` to standard output.
    /// - Throws: ``InputError`` when they cannot be written completely.
    public static func write(_ bytes: [UInt8]) throws {
        if let code = bytes.withUnsafeBytes({ writeAll(STDOUT_FILENO, $0) }) {
            throw InputError(file: "standard output", problem: "the output cannot be written (\(String(cString: strerror(code))))",
                             fix: code == ENOSPC || code == EDQUOT ? "free space on the device, or send the output elsewhere"
                                                                   : "send the output to a file or a pipe that accepts it")
        }
    }

    /// Writes `text` to standard error; a failure there is ignored (there is nowhere left to report it).
    public static func writeError(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { writeAll(STDERR_FILENO, $0) }
    }

    /// Writes every byte of `bytes` to `descriptor`, retrying after interruptions and partial
    /// writes; nil on success, else the `errno` of the failure.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            #if canImport(Glibc)
            let n = Glibc.write(descriptor, next, left)
            #else
            let n = Darwin.write(descriptor, next, left)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            next += n
            left -= n
        }
        return nil
    }
}

/// The files a command reads and writes, checked before anything is written: an output that is
/// one of the inputs (the same path, a symbolic or hard link to it, another spelling of its
/// path) would destroy data, and is refused.
public enum OutputPaths {
    /// Throws when an output of `outputs` resolves to the same file as any of `inputs` (device
    /// and inode when both exist, else the resolved real paths), or as another output.
    /// - Throws: ``InputError`` at the output's parameter, naming both paths.
    ///
    /// Each output must also be writable as a regular file before any work starts: not empty, not
    /// a directory, a device, a FIFO or a socket (a link is judged by its target), not read-only,
    /// and inside a directory that exists (or can be made) and is writable.
    public static func checkDistinct(outputs: [(path: String, parameter: Parameter)], inputs: [String]) throws {
        var seen: [(path: String, identity: FileIdentity)] = inputs.compactMap { path in FileIdentity(path).map { (path, $0) } }
        for output in outputs {
            try checkWritable(output.path, parameter: output.parameter)
            guard let identity = FileIdentity(output.path) else { continue }
            if let input = seen.first(where: { $0.identity == identity }) {
                let isInput = inputs.contains(input.path)
                throw InputError(parameter: output.parameter,
                                 problem: "\(MessageText.path(output.path)) is the same file as the \(isInput ? "input" : "output") \(MessageText.path(input.path)), which would be overwritten",
                                 fix: "write \(parameter: output.parameter) to another file; phbeval never modifies its inputs")
            }
            seen.append((output.path, identity))
        }
    }

    /// Throws when standard output is a regular file that is one of `inputs` (`> data.csv`, or
    /// `1<> data.csv`): writing the result would destroy the input.
    public static func checkStandardOutput(inputs: [String]) throws {
        var status = stat()
        guard fstat(STDOUT_FILENO, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return }
        let output = FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        if let input = inputs.first(where: { FileIdentity($0) == output }) {
            throw InputError(file: input, problem: "standard output is the input file \(MessageText.path(input)), which would be overwritten",
                             fix: "redirect the output to another file; phbeval never modifies its inputs")
        }
    }

    private static func checkWritable(_ path: String, parameter: Parameter) throws {
        func refuse(_ problem: String, _ fix: Message) -> InputError {
            InputError(parameter: parameter, problem: "\(MessageText.path(path)) \(problem)", fix: fix)
        }
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw InputError(parameter: parameter, problem: path.isEmpty ? "the output file name is empty" : "\(MessageText.path(path)) names a directory, not a file",
                             fix: "give a file name")
        }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                guard access(path, W_OK) == 0, (status.st_mode & 0o222) != 0 else {
                    throw refuse("is read-only", "write \(parameter: parameter) to another file, or make this one writable first")
                }
                // The replacement is written beside the file (then renamed): its directory must be writable.
                let resolved = AtomicFile.target(of: path)
                let directory = PathText.directory(of: resolved)
                guard access(directory.isEmpty ? "." : directory, W_OK) == 0 else {
                    throw refuse("cannot be replaced: its directory \(MessageText.path(directory)) is not writable", "write \(parameter: parameter) to a directory you can write to")
                }
            case S_IFDIR:
                throw refuse("is a directory", "give a file name, e.g. \(MessageText.path((path as NSString).appendingPathComponent("out.csv")))")
            default:
                throw refuse("is not a regular file (a device, FIFO or socket)", "give the name of a regular file; without \(parameter: parameter) the result goes to standard output")
            }
            return
        }
        // A new file: the nearest existing ancestor must be a writable directory.
        var directory = PathText.directory(of: path)
        if directory.isEmpty { directory = "." }
        while stat(directory, &status) != 0 {
            let parent = PathText.directory(of: directory)
            if parent.isEmpty || parent == directory { directory = "."; break }
            directory = parent
        }
        guard stat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, access(directory, W_OK) == 0 else {
            throw refuse("cannot be created: \(MessageText.path(directory)) is not a writable directory", "write \(parameter: parameter) to a directory you can write to")
        }
    }
}

/// What a path refers to: a device and inode when the file exists, else its resolved real path
/// (the real path of the directory joined with the name).
struct FileIdentity: Equatable {
    let device: UInt64?
    let inode: UInt64?
    let path: String

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
        path = ""
    }

    init?(_ path: String) {
        var status = stat()
        if stat(path, &status) == 0 {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            self.path = Self.realPath(path) ?? path
            return
        }
        device = nil
        inode = nil
        let url = URL(fileURLWithPath: path)
        guard let directory = Self.realPath(url.deletingLastPathComponent().path) else {
            self.path = url.standardizedFileURL.path
            return
        }
        self.path = (directory as NSString).appendingPathComponent(url.lastPathComponent)
    }

    static func == (l: FileIdentity, r: FileIdentity) -> Bool {
        if let ld = l.device, let li = l.inode, let rd = r.device, let ri = r.inode { return ld == rd && li == ri }
        return l.path == r.path
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
