import Parallelism
import Tabular

/// The data block of a Stata 14–18 file (formats 118 and 119, little-endian, UTF-8), decoded
/// directly: ReadStat reads every other part of the file (variables, formats, labels, value
/// labels) and every other format, and this reads the cells.
///
/// Why not ReadStat for the cells too: its parser hands over one cell per callback, about 75 ns a
/// cell on this project's 2-core machine without any work in the callback (a C program with an
/// empty handler: 1.6 s for 1,000,000 rows × 22 columns), where pandas' `read_stata` decodes the
/// fixed-width block with numpy in 0.5 s; the block is a plain array of fixed-width records, so
/// decoding it here, on both cores, takes a fraction of that (Benchmarks/README.md, W8). Files
/// with strL variables, big-endian files and formats before 118 go through ReadStat.
///
/// The layout (Stata's `dta` documentation, "Data", formats 118/119): `<data>`, then N records of
/// the variables' widths in order — str# (1–2045 bytes, NUL-padded), double (8), float (4), long
/// (4), int (2), byte (1) — then `</data>`. Missing values are the top of each integer type's
/// range (byte > 100, int > 32,740, long > 2,147,483,620: `.` first, then `.a`–`.z`) and, for
/// floats and doubles, values from 2¹²⁷ (float `0x7f000000`, step `0x800`) or 2¹⁰²³ (double
/// `0x7fe0000000000000`, step 2⁴⁰).
enum StataDataBlock {
    /// The header facts the decoder needs: format, row count and where the data block starts.
    struct Layout {
        let release: Int
        let rowCount: Int
        /// Each variable's type code from `<variable_types>`: 1–2045 str#, 32768 strL, 65526
        /// double, 65527 float, 65528 long, 65529 int, 65530 byte.
        let typeCodes: [Int]
        /// Offset of the first record (after `<data>`).
        let dataStart: Int
    }

    /// The layout of a little-endian format-118/119 file, or nil for anything else (other
    /// releases, big-endian, a header this reader does not recognise: ReadStat reads those).
    static func layout(_ bytes: UnsafeRawBufferPointer) -> Layout? {
        var at = 0
        func expect(_ tag: String) -> Bool {
            let utf8 = Array(tag.utf8)
            guard at + utf8.count <= bytes.count, zip(utf8, bytes[at..<(at + utf8.count)]).allSatisfy({ $0 == $1 }) else { return false }
            at += utf8.count
            return true
        }
        func integer(_ width: Int) -> Int? {
            guard at + width <= bytes.count else { return nil }
            var value: UInt64 = 0
            for k in 0..<width { value |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
            at += width
            return value <= UInt64(Int.max) ? Int(value) : nil
        }
        guard expect("<stata_dta><header><release>"), at + 3 <= bytes.count,
              let release = Int(String(decoding: bytes[at..<(at + 3)], as: UTF8.self)), release == 118 || release == 119 else { return nil }
        at += 3
        guard expect("</release><byteorder>LSF</byteorder><K>"), let variableCount = integer(release == 119 ? 4 : 2),
              expect("</K><N>"), let rows = integer(8), expect("</N><label>"), let labelLength = integer(2) else { return nil }
        at += labelLength
        guard expect("</label><timestamp>"), let stampLength = integer(1) else { return nil }
        at += stampLength
        guard expect("</timestamp></header><map>") else { return nil }
        var map: [Int] = []
        for _ in 0..<14 { guard let offset = integer(8) else { return nil }; map.append(offset) }
        // map[2] is the variable types, map[9] the data block.
        at = map[2]
        guard at < bytes.count, expect("<variable_types>"), variableCount <= (bytes.count - at) / 2 else { return nil }
        var codes: [Int] = []
        for _ in 0..<variableCount { guard let code = integer(2) else { return nil }; codes.append(code) }
        at = map[9]
        guard at < bytes.count, expect("<data>") else { return nil }
        return Layout(release: release, rowCount: rows, typeCodes: codes, dataStart: at)
    }

    /// The cells of `variables` (as ReadStat read them from the same file), or nil when a
    /// variable is of a kind this decoder leaves to ReadStat (strL).
    /// - Throws: ``InputError`` at `path` when the block is shorter than the header's row count.
    static func cells(_ bytes: UnsafeRawBufferPointer, layout: Layout, variables: [StatFile.Variable], path: String) throws -> [StatFile.Cells]? {
        // The widths from the file's own type codes (ReadStat reports a str#'s width plus its
        // terminating NUL); a variable whose code disagrees with ReadStat's type, or a strL,
        // leaves the file to ReadStat.
        guard layout.typeCodes.count == variables.count else { return nil }
        var widths: [Int] = []
        for (code, v) in zip(layout.typeCodes, variables) {
            let expected: StatFile.StorageType
            switch code {
            case 1...2045: expected = .string; widths.append(code)
            case 65526: expected = .double; widths.append(8)
            case 65527: expected = .float; widths.append(4)
            case 65528: expected = .int32; widths.append(4)
            case 65529: expected = .int16; widths.append(2)
            case 65530: expected = .int8; widths.append(1)
            default: return nil
            }
            guard v.type == expected else { return nil }
        }
        let rowWidth = widths.reduce(0, +)
        let rows = layout.rowCount
        let (blockBytes, overflow) = rows.multipliedReportingOverflow(by: rowWidth)
        guard !overflow, layout.dataStart + blockBytes <= bytes.count else {
            let complete = rowWidth > 0 ? (bytes.count - layout.dataStart) / rowWidth : 0
            throw InputError(file: path, problem: "the Stata file ends after row \(max(0, complete)) of the \(rows) its header declares",
                             fix: "the file is truncated or damaged: export it again from Stata")
        }
        var offsets: [Int] = []
        var offset = 0
        for w in widths { offsets.append(offset); offset += w }
        let base = UnsafeRawBufferPointer(rebasing: bytes[layout.dataStart..<(layout.dataStart + blockBytes)])
        return decode(SendableBytes(base), rows: rows, rowWidth: rowWidth, offsets: offsets, widths: widths,
                      types: variables.map(\.type))
    }

    /// Every variable's field of every record, in one pass over the block (record by record, so
    /// each cache line is read once), the records split into chunks decoded concurrently.
    static func decode(_ block: SendableBytes, rows: Int, rowWidth: Int, offsets: [Int], widths: [Int],
                       types: [StatFile.StorageType]) -> [StatFile.Cells] {
        let numeric = types.indices.filter { types[$0] != .string }
        let text = types.indices.filter { types[$0] == .string }
        let values = OutputBuffers<Double>(count: numeric.count, rows: rows)
        let kinds = OutputBuffers<StatFile.Missing>(count: numeric.count, rows: rows)
        // Chunks small enough (2,048 records, a few hundred KB) to stay in cache while each variable is read.
        let chunk = 1 << 11
        let strings: [[[String]]] = Parallel.map((rows + chunk - 1) / chunk) { c -> [[String]] in
            let range = (c * chunk)..<min(rows, (c + 1) * chunk)
            for (k, j) in numeric.enumerated() {
                decodeNumbers(block.bytes, rows: range, rowWidth: rowWidth, offset: offsets[j], type: types[j],
                              into: values.pointers[k], kinds: kinds.pointers[k])
            }
            return text.map { j in
                range.map { r -> String in
                    let start = r * rowWidth + offsets[j]
                    let field = UnsafeRawBufferPointer(rebasing: block.bytes[start..<(start + widths[j])])
                    return String(decoding: field[..<(field.firstIndex(of: 0) ?? widths[j])], as: UTF8.self)
                }
            }
        }
        var cells = [StatFile.Cells?](repeating: nil, count: types.count)
        for (k, j) in numeric.enumerated() { cells[j] = .numeric(values: values.array(k), missing: kinds.array(k)) }
        for (k, j) in text.enumerated() { cells[j] = .text(strings.flatMap { $0[k] }) }
        values.deallocate()
        kinds.deallocate()
        return cells.map { $0! }
    }

    /// One numeric variable's field of the records `rows`.
    @inline(__always)
    static func decodeNumbers(_ block: UnsafeRawBufferPointer, rows: Range<Int>, rowWidth: Int, offset: Int, type: StatFile.StorageType,
                              into out: UnsafeMutablePointer<Double>, kinds: UnsafeMutablePointer<StatFile.Missing>) {
        // `.` is 0, `.a`–`.z` 1–26; any other pattern in the missing range (a damaged file) is `.`.
        @inline(__always) func tagged(_ k: Int) -> StatFile.Missing { (1...26).contains(k) ? .tagged(UInt8(ascii: "a") + UInt8(k - 1)) : .system }
        var at = rows.lowerBound * rowWidth + offset
        for r in rows {
            var value: Double
            var kind = StatFile.Missing.none
            switch type {
            case .int8:
                let v = Int8(bitPattern: block[at])
                value = Double(v)
                if v > 100 { kind = tagged(Int(v) - 101) }
            case .int16:
                let v = Int16(littleEndian: block.loadUnaligned(fromByteOffset: at, as: Int16.self))
                value = Double(v)
                if v > 32_740 { kind = tagged(Int(v) - 32_741) }
            case .int32:
                let v = Int32(littleEndian: block.loadUnaligned(fromByteOffset: at, as: Int32.self))
                value = Double(v)
                if v > 2_147_483_620 { kind = tagged(Int(v) - 2_147_483_621) }
            case .float:
                let bits = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                value = Double(Float(bitPattern: bits))
                if bits >= 0x7f00_0000, bits < 0x8000_0000 { kind = tagged(Int((bits - 0x7f00_0000) >> 11)) }
            case .double, .string:
                let bits = UInt64(littleEndian: block.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                value = Double(bitPattern: bits)
                if bits >= 0x7fe0_0000_0000_0000, bits < 0x8000_0000_0000_0000 { kind = tagged(Int((bits - 0x7fe0_0000_0000_0000) >> 40)) }
            }
            // A NaN or infinity outside the missing range (only in a damaged file) is missing too.
            if kind == .none, !value.isFinite { kind = .system }
            out[r] = kind == .none ? value : .nan
            kinds[r] = kind
            at += rowWidth
        }
    }

    /// One output buffer per variable, written by the concurrent decoders at disjoint rows.
    final class OutputBuffers<T>: @unchecked Sendable {
        let pointers: [UnsafeMutablePointer<T>]
        let rows: Int
        init(count: Int, rows: Int) {
            self.rows = rows
            pointers = (0..<count).map { _ in UnsafeMutablePointer<T>.allocate(capacity: max(rows, 1)) }
        }
        func array(_ k: Int) -> [T] { Array(UnsafeBufferPointer(start: pointers[k], count: rows)) }
        func deallocate() { for p in pointers { p.deallocate() } }
    }

    /// The block's bytes, read (never written) by the concurrent decoders.
    struct SendableBytes: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    }
}
