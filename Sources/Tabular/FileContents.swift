#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a file, read-only: a regular file is mapped into memory (no copy, and its pages
/// come straight from the page cache); anything else (a pipe, a device) is read to its end.
public final class FileContents {
    public let bytes: UnsafeRawBufferPointer
    private let isMapped: Bool

    /// Opens and reads `path`; a failure is an ``InputError`` with the system's reason.
    public init(path: String) throws(InputError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadableFile(path, reason: Self.lastErrorText()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadableFile(path, reason: Self.lastErrorText()) }
        if status.st_mode & S_IFMT == S_IFREG {
            let size = Int(status.st_size)
            isMapped = size > 0
            guard size > 0 else {
                bytes = UnsafeRawBufferPointer(start: nil, count: 0)
                return
            }
            guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
                throw .unreadableFile(path, reason: Self.lastErrorText())
            }
            bytes = UnsafeRawBufferPointer(start: address, count: size)
        } else {
            isMapped = false
            bytes = try Self.readToEnd(descriptor, path: path)
        }
    }

    deinit {
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            bytes.deallocate()
        }
    }

    /// Everything `read(2)` returns from `descriptor`, in a buffer that doubles as it fills.
    private static func readToEnd(_ descriptor: Int32, path: String) throws(InputError) -> UnsafeRawBufferPointer {
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        var count = 0
        while true {
            if count == buffer.count {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
            }
            let received = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            if received == 0 { return UnsafeRawBufferPointer(rebasing: buffer[..<count]) }
            guard received > 0 else {
                buffer.deallocate()
                throw .unreadableFile(path, reason: lastErrorText())
            }
            count += received
        }
    }

    private static func lastErrorText() -> String { String(cString: strerror(errno)) }
}
