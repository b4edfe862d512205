/// Interns the distinct texts of a categorical column: maps each byte string to a dense code
/// (0, 1, 2, … in order of first appearance) without creating a `String` for every cell.
///
/// An open-addressing hash table (linear probing, at most half full) keyed by the bytes; a level's
/// bytes are kept in one contiguous arena, and a `String` is made only when a new level appears,
/// which is also when its UTF-8 is validated.
struct LevelTable {
    /// The levels, in order of first appearance; `strings[code]` is the text of `code`.
    private(set) var strings: [String] = []
    private var arena: [UInt8] = []
    /// Level `k`'s bytes are `arena[starts[k] ..< starts[k + 1]]`.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Level code per slot, −1 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: -1, count: 16)

    /// The code of `bytes`, adding it as a new level when unseen; nil when a new level is not
    /// valid UTF-8.
    @inline(__always)
    mutating func code(for bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let code = slots[slot]
            if code < 0 { return insert(bytes, hash: hash, at: slot) }
            if hashes[Int(code)] == hash, equals(Int(code), bytes) { return code }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[code]
        guard starts[code + 1] - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            bytes.isEmpty || bytesEqual(stored.baseAddress! + start, bytes.baseAddress!, bytes.count)
        }
    }

    private mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, at slot: Int) -> Int32? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let code = Int32(strings.count)
        strings.append(text)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        hashes.append(hash)
        slots[slot] = code
        if strings.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return code
    }

    private mutating func rehash(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (code, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(code)
        }
    }

    /// A multiplicative hash over 8-byte words (the tail byte by byte), mixed so that the low
    /// bits used for the slot depend on every input byte.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(bytes.count) &* multiplier
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            for k in i..<bytes.count { tail = tail << 8 | UInt64(base[k]) }
            h = (h ^ tail) &* multiplier
        }
        return h ^ (h >> 29)
    }
}

/// Whether `count` bytes at `a` and `b` are equal.
@inline(__always)
private func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for k in 0..<count where a[k] != b[k] { return false }
    return true
}
