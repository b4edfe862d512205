import Foundation
import Tabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes outputs so that a failed run never leaves a half-written file or a stray temporary one.
///
/// The content goes to a temporary file that AtomicFile names itself in the target's directory
/// (`.NAME.phbeval-PID-N.tmp`, created exclusively), is flushed to disk, and is then renamed over
/// the target. The temporary file is removed when any step fails, and when the process is
/// interrupted by SIGINT, SIGTERM or SIGHUP while it exists (the signal then ends the process as
/// it would have). SIGKILL cannot be caught: a process killed with it may leave the temporary
/// file behind (never a partial target).
public enum AtomicFile {
    /// Writes `text` to `path` atomically, creating the parent directory when needed.
    /// - Throws: ``InputError`` naming the path when it cannot be written.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path` atomically, creating the parent directory when needed.
    /// - Throws: ``InputError`` naming the path when it cannot be written: a directory, a missing
    ///   or read-only directory, a full device.
    public static func write(_ data: Data, to requested: String) throws {
        // Through a symbolic link the file it points to is replaced, not the link.
        let path = target(of: requested)
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw InputError(file: path, problem: "the output path is a directory",
                             fix: "give a file name, e.g. \(MessageText.path((path as NSString).appendingPathComponent("out.csv")))")
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        // `mkdir -p` of the directory, with the system's reason when a level cannot be made.
        var missing: [String] = []
        var level = directory
        while !level.isEmpty, stat(level, &status) != 0 {
            missing.append(level)
            let parent = PathText.directory(of: level)
            if parent == level { break }
            level = parent
        }
        for made in missing.reversed() where mkdir(made, 0o777) != 0 && errno != EEXIST {
            throw InputError(file: path, problem: "cannot create the directory \(MessageText.path(made)) (\(String(cString: strerror(errno))))",
                             fix: "check that the path is right and its parent directory is writable")
        }
        // `.NAME.phbeval-PID-N.tmp`, or `.phbeval-PID-N.tmp` when that would pass NAME_MAX.
        let suffix = "phbeval-\(getpid())-\(TemporaryFiles.nextNumber()).tmp"
        let named = ".\(url.lastPathComponent).\(suffix)"
        let temporary = (directory as NSString).appendingPathComponent(named.utf8.count <= 255 ? named : ".\(suffix)")
        // An existing target keeps its permission bits (a 0600 file of health data stays 0600).
        let existingMode: mode_t? = stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
        let slot = TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister(slot) }
        func failure(_ what: String, _ code: Int32, created: Bool = true) -> InputError {
            if created { unlink(temporary) }
            return InputError(file: path, problem: "cannot write the file: \(what) (\(String(cString: strerror(code))))",
                              fix: code == ENOSPC || code == EDQUOT ? "free space on the device, or write the output elsewhere"
                                                                    : "check that the directory exists and is writable")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file beside it", errno, created: false) }
        if let existingMode { _ = fchmod(descriptor, existingMode) }
        let written = data.withUnsafeBytes { StandardOutput.writeAll(descriptor, $0) }
        if let code = written {
            close(descriptor)
            throw failure("the write failed", code)
        }
        if fsync(descriptor) != 0, errno != EINVAL, errno != EROFS {
            let code = errno
            close(descriptor)
            throw failure("the data could not be flushed", code)
        }
        if close(descriptor) != 0 { throw failure("the data could not be flushed", errno) }
        if rename(temporary, path) != 0 { throw failure("the file could not be replaced", errno) }
    }
}

extension AtomicFile {
    /// `path`, or the file it names through symbolic links (resolved as `realpath` does) when
    /// `path` is a link.
    static func target(of path: String) -> String {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The temporary files being written, for the signal handler to remove. A fixed set of slots of
/// C strings, so that the handler only reads memory and calls `unlink` (async-signal-safe).
enum TemporaryFiles {
    private static let slotCount = 8
    private static let pathCapacity = Int(PATH_MAX) + 1
    nonisolated(unsafe) private static var paths: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * pathCapacity)
        buffer.initialize(repeating: 0, count: slotCount * pathCapacity)
        return buffer
    }()
    nonisolated(unsafe) private static var active = [Bool](repeating: false, count: 8)
    nonisolated(unsafe) private static var counter = 0
    nonisolated(unsafe) private static var handlersInstalled = false
    private static let lock = NSLock()

    static func nextNumber() -> Int { lock.withLock { counter += 1; return counter } }

    /// Records `path` (to be removed on SIGINT/SIGTERM/SIGHUP); nil when every slot is taken or
    /// the path is too long to record (the file is then only removed on failures).
    static func register(_ path: String) -> Int? {
        lock.withLock {
            installHandlers()
            let bytes = Array(path.utf8CString)
            guard bytes.count <= pathCapacity, let slot = active.firstIndex(of: false) else { return nil }
            bytes.withUnsafeBufferPointer { (paths + slot * pathCapacity).update(from: $0.baseAddress!, count: bytes.count) }
            active[slot] = true
            activeFlags[slot] = 1
            return slot
        }
    }

    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock {
            activeFlags[slot] = 0
            active[slot] = false
        }
    }

    /// Flags read by the handler (plain memory, not a Swift array, which it must not touch).
    nonisolated(unsafe) private static var activeFlags: UnsafeMutablePointer<Int32> = {
        let flags = UnsafeMutablePointer<Int32>.allocate(capacity: 8)
        flags.initialize(repeating: 0, count: 8)
        return flags
    }()

    private static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        _ = paths
        _ = activeFlags
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // Keep an inherited "ignore" (nohup, a shell's background job).
            let previous = signal(sig, TemporaryFiles.handler)
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(sig, SIG_IGN) }
        }
    }

    /// Removes every recorded temporary file, then ends the process by the same signal.
    private static let handler: @convention(c) (Int32) -> Void = { sig in
        for slot in 0..<8 where TemporaryFiles.activeFlags[slot] != 0 {
            unlink(TemporaryFiles.paths + slot * (Int(PATH_MAX) + 1))
        }
        signal(sig, SIG_DFL)
        raise(sig)
    }
}
