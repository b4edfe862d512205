import CReadStat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tabular

/// Reads Stata `.dta`, SPSS `.sav`/`.zsav` and SAS `.sas7bdat` files into a ``StatFile`` with
/// ReadStat's parsers (the library behind R's haven and Python's pyreadstat).
///
/// ReadStat calls back once per variable, value label and cell; the callbacks here only store
/// what they are given. A file that ReadStat cannot parse (truncated, corrupt, not of the format
/// its name says) is an ``InputError`` naming the file and what could not be read; so is a file
/// that ends before the number of rows its header declares.
public enum StatFileReader {
    /// - Throws: ``InputError`` when the file cannot be opened or parsed.
    public static func read(path: String, format: StatFileFormat) throws -> StatFile {
        // ReadStat seeks in the file: a pipe or FIFO would be consumed, then waited on forever.
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            throw InputError(file: path, problem: "a \(format.displayName) file is read by seeking in it, and this is not a regular file (a pipe, FIFO or device)",
                             fix: "save it to a file first and give that file's path")
        }
        if format == .stata, let file = try readStataBlock(path: path) { return file }
        return try parse(path: path, format: format, rowLimit: nil)
    }

    /// A Stata 14+ file with its cells decoded by ``StataDataBlock`` (ReadStat reads the rest,
    /// stopping after one record), or nil when the file is not of that kind.
    static func readStataBlock(path: String) throws -> StatFile? {
        let contents = try FileContents(path: path)
        guard let layout = StataDataBlock.layout(contents.bytes) else { return nil }
        var file = try parse(path: path, format: .stata, rowLimit: 1)
        guard let cells = try StataDataBlock.cells(contents.bytes, layout: layout, variables: file.variables, path: path) else { return nil }
        file.cells = cells
        file.rowCount = layout.rowCount
        return file
    }

    /// ReadStat's parse of the whole file, or of its metadata and first `rowLimit` rows (whose
    /// cells are then not kept).
    static func parse(path: String, format: StatFileFormat, rowLimit: Int?) throws -> StatFile {
        let context = ReadContext(format: format)
        context.keepsCells = rowLimit == nil
        guard let parser = readstat_parser_init() else {
            throw InputError(file: path, problem: "cannot start the \(format.displayName) reader (out of memory)", fix: "free memory and retry")
        }
        defer { readstat_parser_free(parser) }
        if let rowLimit { readstat_set_row_limit(parser, rowLimit) }
        readstat_set_metadata_handler(parser) { metadata, ctx in
            ReadContext.from(ctx).metadata(metadata!)
        }
        readstat_set_variable_handler(parser) { index, variable, labelSet, ctx in
            ReadContext.from(ctx).variable(Int(index), variable!, labelSet.map { String(cString: $0) })
        }
        readstat_set_value_label_handler(parser) { labelSet, value, label, ctx in
            guard let labelSet, let label else { return Int32(READSTAT_HANDLER_OK) }
            return ReadContext.from(ctx).valueLabel(String(cString: labelSet), value, String(cString: label))
        }
        readstat_set_value_handler(parser) { row, variable, value, ctx in
            ReadContext.from(ctx).value(Int(row), Int(readstat_variable_get_index(variable)), value)
        }
        readstat_set_error_handler(parser) { message, ctx in
            guard let message else { return }
            ReadContext.from(ctx).messages.append(String(String(cString: message).trimmingSpaces))
        }
        let unmanaged = Unmanaged.passUnretained(context).toOpaque()
        let status: readstat_error_t
        switch format {
        case .stata: status = readstat_parse_dta(parser, path, unmanaged)
        case .spss: status = readstat_parse_sav(parser, path, unmanaged)
        case .sas: status = readstat_parse_sas7bdat(parser, path, unmanaged)
        }
        withExtendedLifetime(context) {}
        if status != READSTAT_OK {
            throw failure(path, format, status, context)
        }
        return try context.file(path: path)
    }

    static func failure(_ path: String, _ format: StatFileFormat, _ status: readstat_error_t, _ context: ReadContext) -> InputError {
        if status == READSTAT_ERROR_OPEN {
            return InputError(file: path, problem: "cannot open the file", fix: "check that the path is right and the file is readable")
        }
        var what = String(cString: readstat_error_message(status))
        if let detail = context.messages.last, !detail.isEmpty { what += " (\(detail))" }
        let seen = context.rowsSeen > 0 ? "; \(context.rowsSeen) of \(context.declaredRows.map(String.init) ?? "?") rows were read before it stopped" : ""
        return InputError(file: path, problem: "cannot read the \(format.displayName) file: \(what)\(seen)",
                          fix: "check that it is a complete \(expected(format)) file, not truncated or damaged (export it again from \(format.displayName)), or name its format with \(parameter: .format)")
    }

    static func expected(_ format: StatFileFormat) -> String {
        switch format {
        case .stata: return "Stata .dta (Stata 8 or later)"
        case .spss: return "SPSS .sav or .zsav"
        case .sas: return "SAS .sas7bdat"
        }
    }
}

/// What the callbacks collect. A class so that ReadStat's `void *` context can point at it.
final class ReadContext {
    let format: StatFileFormat
    var formatVersion = 0
    var isZlibCompressed = false
    var fileLabel: String?
    var timestamp = 0
    var declaredRows: Int?
    var variables: [StatFile.Variable] = []
    var labelSets: [String: [StatFile.ValueLabel]] = [:]
    var columns: [ColumnBuffer] = []
    var rowsSeen = 0
    var messages: [String] = []
    /// False when only the metadata is wanted (the cells are read otherwise).
    var keepsCells = true

    init(format: StatFileFormat) { self.format = format }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> ReadContext {
        Unmanaged<ReadContext>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// One variable's cells as they arrive, rows in order. Storage grows as rows arrive rather
    /// than from the header's row count, which a damaged file may overstate by billions (and
    /// which some SPSS writers leave out).
    final class ColumnBuffer {
        var numbers: [Double] = []
        var missing: [StatFile.Missing] = []
        var text: [String] = []
        let isNumeric: Bool
        init(isNumeric: Bool, expectedRows: Int) {
            self.isNumeric = isNumeric
            let reserve = min(expectedRows, 1 << 20)
            if isNumeric {
                numbers.reserveCapacity(reserve)
                missing.reserveCapacity(reserve)
            } else {
                text.reserveCapacity(reserve)
            }
        }
        /// Cells up to `row` exist (rows a file skips are missing).
        @inline(__always) func ensure(_ row: Int) {
            if isNumeric {
                while numbers.count <= row { numbers.append(.nan); missing.append(.system) }
            } else {
                while text.count <= row { text.append("") }
            }
        }
    }

    func metadata(_ m: UnsafeMutablePointer<readstat_metadata_t>) -> Int32 {
        let rows = Int(readstat_get_row_count(m))
        declaredRows = rows >= 0 ? rows : nil
        formatVersion = Int(readstat_get_file_format_version(m))
        isZlibCompressed = readstat_get_compression(m) == READSTAT_COMPRESS_BINARY
        timestamp = Int(readstat_get_modified_time(m))
        if let label = readstat_get_file_label(m) {
            let text = String(cString: label)
            fileLabel = text.isEmpty ? nil : text
        }
        return Int32(READSTAT_HANDLER_OK)
    }

    func variable(_ index: Int, _ v: UnsafeMutablePointer<readstat_variable_t>, _ labelSet: String?) -> Int32 {
        let type: StatFile.StorageType
        switch readstat_variable_get_type(v) {
        case READSTAT_TYPE_STRING, READSTAT_TYPE_STRING_REF: type = .string
        case READSTAT_TYPE_INT8: type = .int8
        case READSTAT_TYPE_INT16: type = .int16
        case READSTAT_TYPE_INT32: type = .int32
        case READSTAT_TYPE_FLOAT: type = .float
        default: type = .double
        }
        func text(_ c: UnsafePointer<CChar>?) -> String? {
            guard let c else { return nil }
            let s = String(cString: c)
            return s.isEmpty ? nil : s
        }
        var ranges: [ClosedRange<Double>] = []
        var missingTexts: [String] = []
        for i in 0..<readstat_variable_get_missing_ranges_count(v) {
            let loValue = readstat_variable_get_missing_range_lo(v, i), hiValue = readstat_variable_get_missing_range_hi(v, i)
            if readstat_value_type_class(loValue) == READSTAT_TYPE_CLASS_STRING {
                // SPSS string variables have discrete missing values only.
                if let c = readstat_string_value(loValue) {
                    let text = String(cString: c)
                    missingTexts.append(String(text.reversed().drop { $0 == " " }.reversed()))
                }
                continue
            }
            let lo = readstat_double_value(loValue), hi = readstat_double_value(hiValue)
            if !lo.isNaN, !hi.isNaN, lo <= hi { ranges.append(lo...hi) }
        }
        // A damaged header can leave a variable without a name.
        guard let name = text(readstat_variable_get_name(v)) else {
            messages.append("variable \(index + 1) has no name")
            return Int32(READSTAT_HANDLER_ABORT)
        }
        var variable = StatFile.Variable(
            name: name, type: type,
            storageWidth: Int(readstat_variable_get_storage_width(v)),
            displayWidth: Int(readstat_variable_get_display_width(v)),
            format: text(readstat_variable_get_format(v)), label: text(readstat_variable_get_label(v)),
            labelSet: labelSet.flatMap { $0.isEmpty ? nil : $0 }, missingRanges: ranges,
            measure: readstat_variable_get_measure(v).rawValue, alignment: readstat_variable_get_alignment(v).rawValue)
        variable.missingTexts = missingTexts
        // Variables arrive in index order; a gap (a skipped variable) would misplace cells.
        guard index == variables.count else {
            messages.append("variable \(index + 1) arrived out of order")
            return Int32(READSTAT_HANDLER_ABORT)
        }
        variables.append(variable)
        columns.append(ColumnBuffer(isNumeric: type.isNumeric, expectedRows: declaredRows ?? 0))
        return Int32(READSTAT_HANDLER_OK)
    }

    func valueLabel(_ set: String, _ value: readstat_value_t, _ label: String) -> Int32 {
        let key: StatFile.ValueLabel.Key
        if readstat_value_is_tagged_missing(value) != 0 {
            key = .tagged(UInt8(bitPattern: readstat_value_tag(value)))
        } else if readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING {
            key = .text(readstat_string_value(value).map { String(cString: $0) } ?? "")
        } else {
            let number = readstat_double_value(value)
            guard number.isFinite else { return Int32(READSTAT_HANDLER_OK) }
            key = .number(number)
        }
        labelSets[set, default: []].append(.init(key: key, label: label))
        return Int32(READSTAT_HANDLER_OK)
    }

    func value(_ row: Int, _ index: Int, _ value: readstat_value_t) -> Int32 {
        guard index >= 0, index < columns.count, row >= 0 else {
            messages.append("a value of variable \(index + 1) has no variable")
            return Int32(READSTAT_HANDLER_ABORT)
        }
        if declaredRows.map({ row >= $0 }) ?? false {
            messages.append("the file has more rows than its header declares")
            return Int32(READSTAT_HANDLER_ABORT)
        }
        guard keepsCells else { return Int32(READSTAT_HANDLER_OK) }
        let column = columns[index]
        column.ensure(row)
        rowsSeen = max(rowsSeen, row + 1)
        if column.isNumeric {
            if readstat_value_is_tagged_missing(value) != 0 {
                column.missing[row] = .tagged(UInt8(bitPattern: readstat_value_tag(value)))
            } else if readstat_value_is_system_missing(value) != 0 {
                column.missing[row] = .system
            } else {
                let number = readstat_double_value(value)
                column.numbers[row] = number
                column.missing[row] = number.isFinite ? .none : .system
            }
        } else {
            column.text[row] = readstat_string_value(value).map { String(cString: $0) } ?? ""
        }
        return Int32(READSTAT_HANDLER_OK)
    }

    /// The file read, after checking that every declared row arrived.
    func file(path: String) throws -> StatFile {
        let rows = keepsCells ? declaredRows ?? rowsSeen : 0
        if keepsCells, let declared = declaredRows, rowsSeen < declared, !variables.isEmpty {
            throw InputError(file: path, problem: "the \(format.displayName) file ends after row \(rowsSeen) of the \(declared) its header declares",
                             fix: "the file is truncated or damaged: export it again from \(format.displayName)")
        }
        let cells: [StatFile.Cells] = columns.map { c in
            if rows > 0 { c.ensure(rows - 1) }
            return c.isNumeric ? .numeric(values: Array(c.numbers.prefix(rows)), missing: Array(c.missing.prefix(rows))) : .text(Array(c.text.prefix(rows)))
        }
        var file = StatFile(format: format, formatVersion: formatVersion, isZlibCompressed: isZlibCompressed, fileLabel: fileLabel,
                            variables: variables, cells: cells, labelSets: labelSets, rowCount: rows)
        file.timestamp = timestamp
        return file
    }
}
