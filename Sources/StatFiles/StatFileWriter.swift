import CReadStat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tabular

/// Writes a ``StatFile`` as Stata `.dta` or SPSS `.sav`/`.zsav` through ReadStat's writers,
/// keeping what the file held: storage types, formats, variable labels, value-label sets (tagged
/// missing labels included), SPSS user-missing codes and every cell's kind of missing value.
///
/// The file's timestamp is the one read from the input (ReadStat would stamp the time of
/// writing), so the same input gives the same bytes. SAS files are not written: ReadStat's
/// `.sas7bdat` writer makes files SAS itself may not read (R's haven deprecated its use).
public enum StatFileWriter {
    /// The bytes of `file` in its format (``StatFile/format``): Stata keeps its format version;
    /// SPSS is row-compressed, or zlib-compressed when ``StatFile/isZlibCompressed``.
    /// - Throws: ``InputError`` at `path` (the intended output) when ReadStat refuses a variable
    ///   or value, e.g. a name Stata does not allow.
    public static func bytes(of file: StatFile, for path: String) throws -> [UInt8] {
        guard file.format != .sas else {
            throw InputError(file: path, problem: "phbeval does not write SAS files",
                             fix: "write a Stata .dta or SPSS .sav file, or a CSV")
        }
        guard let writer = readstat_writer_init() else {
            throw InputError(file: path, problem: "cannot start the \(file.format.displayName) writer (out of memory)", fix: "free memory and retry")
        }
        defer { readstat_writer_free(writer) }
        let sink = ByteSink()
        readstat_set_data_writer(writer) { data, length, ctx in
            let sink = Unmanaged<ByteSink>.fromOpaque(ctx!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
            return length
        }
        readstat_writer_set_error_handler(writer) { message, ctx in
            Unmanaged<ByteSink>.fromOpaque(ctx!).takeUnretainedValue().messages.append(String(cString: message!))
        }
        if let label = file.fileLabel { readstat_writer_set_file_label(writer, label) }
        readstat_writer_set_file_timestamp(writer, time_t(file.timestamp))
        switch file.format {
        case .stata:
            if (104...119).contains(file.formatVersion) { readstat_writer_set_file_format_version(writer, UInt8(file.formatVersion)) }
        case .spss:
            readstat_writer_set_compression(writer, file.isZlibCompressed ? READSTAT_COMPRESS_BINARY : READSTAT_COMPRESS_ROWS)
        case .sas: break
        }

        // Value-label sets, in name order (the same bytes for the same file).
        var labelSets: [String: UnsafeMutablePointer<readstat_label_set_t>] = [:]
        for name in file.labelSets.keys.sorted() {
            let labels = file.labelSets[name]!
            let isText = labels.contains { if case .text = $0.key { return true } else { return false } }
            let type = isText ? READSTAT_TYPE_STRING : file.format == .stata ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE
            guard let set = readstat_add_label_set(writer, type, name) else { continue }
            for label in labels {
                switch label.key {
                case .number(let code):
                    if file.format == .stata {
                        guard let integer = Int32(exactly: code) else { continue }
                        readstat_label_int32_value(set, integer, label.label)
                    } else {
                        readstat_label_double_value(set, code, label.label)
                    }
                case .tagged(let tag): readstat_label_tagged_value(set, CChar(bitPattern: tag), label.label)
                case .text(let key): readstat_label_string_value(set, key, label.label)
                }
            }
            labelSets[name] = set
        }

        var handles: [UnsafeMutablePointer<readstat_variable_t>] = []
        var retained: [UnsafeMutablePointer<CChar>] = []
        defer { retained.forEach { free($0) } }
        for (variable, cells) in zip(file.variables, file.cells) {
            let type: readstat_type_t
            var width = 0
            switch variable.type {
            case .string:
                if case .text(let values) = cells { width = values.reduce(1) { max($0, $1.utf8.count) } }
                // Stata's str# holds at most 2,045 bytes; longer strings are strLs (Stata 13+).
                let strL = file.format == .stata && width > Self.stataStringLimit
                if strL, (104..<117).contains(file.formatVersion) {
                    throw InputError(file: path, problem: "the variable \(MessageText.name(variable.name)) holds strings longer than \(Self.stataStringLimit) bytes, which a Stata \(file.formatVersion) file cannot store",
                                     fix: "save the input in Stata 13 or later (format 117+), or write a CSV")
                }
                type = strL ? READSTAT_TYPE_STRING_REF : READSTAT_TYPE_STRING
                width = strL ? 0 : max(width, min(variable.storageWidth, file.format == .stata ? Self.stataStringLimit : variable.storageWidth))
            case .int8: type = READSTAT_TYPE_INT8
            case .int16: type = READSTAT_TYPE_INT16
            case .int32: type = READSTAT_TYPE_INT32
            case .float: type = READSTAT_TYPE_FLOAT
            case .double: type = READSTAT_TYPE_DOUBLE
            }
            let nameLimit = file.format == .stata ? 32 : 64
            guard variable.name.utf8.count <= nameLimit else {
                throw InputError(file: path, problem: "the variable name \(MessageText.name(variable.name)) is longer than the \(nameLimit) bytes a \(file.format.displayName) file allows",
                                 fix: "use a shorter name (for a score, \(parameter: .scoreName) NAME)")
            }
            guard let handle = readstat_add_variable(writer, variable.name, type, width) else {
                throw InputError(file: path, problem: "cannot add the variable \(MessageText.name(variable.name)) to the \(file.format.displayName) file",
                                 fix: "free memory and retry")
            }
            if let label = variable.label { readstat_variable_set_label(handle, label) }
            if let format = variable.format { readstat_variable_set_format(handle, format) }
            if let set = variable.labelSet.flatMap({ labelSets[$0] }) { readstat_variable_set_label_set(handle, set) }
            if variable.displayWidth > 0 { readstat_variable_set_display_width(handle, Int32(variable.displayWidth)) }
            readstat_variable_set_measure(handle, readstat_measure_t(rawValue: variable.measure))
            readstat_variable_set_alignment(handle, readstat_alignment_t(rawValue: variable.alignment))
            for range in variable.missingRanges {
                if range.lowerBound == range.upperBound { readstat_variable_add_missing_double_value(handle, range.lowerBound) }
                else { readstat_variable_add_missing_double_range(handle, range.lowerBound, range.upperBound) }
            }
            // ReadStat's SPSS writer copies 8 bytes of a missing string: pad it with spaces, as SPSS
            // stores it (SPSS allows missing strings of at most 8 bytes).
            // ReadStat keeps the pointer, not a copy, until the file is written.
            for text in variable.missingTexts where text.utf8.count <= 8 {
                guard let copy = strdup(text + String(repeating: " ", count: 8 - text.utf8.count)) else { continue }
                retained.append(copy)
                readstat_variable_add_missing_string_value(handle, copy)
            }
            handles.append(handle)
        }

        // strL cells: every string reference is added before the header is written (ReadStat
        // lays out the strL section from them).
        var references: [Int: [UnsafeMutablePointer<readstat_string_ref_t>]] = [:]
        for (j, handle) in handles.enumerated() where readstat_variable_get_type(handle) == READSTAT_TYPE_STRING_REF {
            guard case .text(let values) = file.cells[j] else { continue }
            references[j] = try values.map { value in
                guard let ref = readstat_add_string_ref(writer, value) else {
                    throw InputError(file: path, problem: "cannot add a long string (out of memory)", fix: "free memory and retry")
                }
                return ref
            }
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        func check(_ status: readstat_error_t, _ what: @autoclosure () -> String) throws {
            guard status == READSTAT_OK else {
                var reason = String(cString: readstat_error_message(status))
                if let detail = sink.messages.last { reason += " (\(detail))" }
                throw InputError(file: path, problem: "cannot write the \(file.format.displayName) file: \(what()): \(reason)",
                                 fix: "rename or change what \(file.format.displayName) does not allow, or write a CSV")
            }
        }
        switch file.format {
        case .stata: try check(readstat_begin_writing_dta(writer, context, file.rowCount), "the header")
        case .spss: try check(readstat_begin_writing_sav(writer, context, file.rowCount), "the header")
        case .sas: break
        }
        try check(readstat_validate_metadata(writer), "the file's metadata")
        for (handle, variable) in zip(handles, file.variables) {
            try check(readstat_validate_variable(writer, handle), "the variable \(MessageText.name(variable.name))")
        }
        for row in 0..<file.rowCount {
            try check(readstat_begin_row(writer), "row \(row + 1)")
            for (j, cells) in file.cells.enumerated() {
                let handle = handles[j]
                let status: readstat_error_t
                switch cells {
                case .text(let values):
                    if let refs = references[j] {
                        status = readstat_insert_string_ref(writer, handle, refs[row])
                    } else {
                        status = readstat_insert_string_value(writer, handle, values[row])
                    }
                case .numeric(let values, let missing):
                    switch missing[row] {
                    case .system: status = readstat_insert_missing_value(writer, handle)
                    case .tagged(let tag): status = readstat_insert_tagged_missing_value(writer, handle, CChar(bitPattern: tag))
                    case .none: status = insert(values[row], file.variables[j].type, writer, handle)
                    }
                }
                try check(status, "row \(row + 1), variable \(MessageText.name(file.variables[j].name))")
            }
            try check(readstat_end_row(writer), "row \(row + 1)")
        }
        try check(readstat_end_writing(writer), "the end of the file")
        withExtendedLifetime(sink) {}
        return sink.bytes
    }

    private static func insert(_ value: Double, _ type: StatFile.StorageType, _ writer: UnsafeMutablePointer<readstat_writer_t>,
                               _ handle: UnsafeMutablePointer<readstat_variable_t>) -> readstat_error_t {
        switch type {
        case .int8: return Int8(exactly: value).map { readstat_insert_int8_value(writer, handle, $0) } ?? readstat_insert_double_value(writer, handle, value)
        case .int16: return Int16(exactly: value).map { readstat_insert_int16_value(writer, handle, $0) } ?? readstat_insert_double_value(writer, handle, value)
        case .int32: return Int32(exactly: value).map { readstat_insert_int32_value(writer, handle, $0) } ?? readstat_insert_double_value(writer, handle, value)
        case .float: return readstat_insert_float_value(writer, handle, Float(value))
        case .double, .string: return readstat_insert_double_value(writer, handle, value)
        }
    }

    /// The longest Stata `str#`, in bytes.
    static let stataStringLimit = 2045

    /// The bytes ReadStat writes, collected for ``AtomicFile``.
    final class ByteSink {
        var bytes: [UInt8] = []
        var messages: [String] = []
    }
}

extension StatFile {
    /// The file with numeric variables appended (scores): doubles displayed as `%9.0g` (Stata) or
    /// `F8.3` (SPSS), a nil value written as the system-missing value.
    /// - Throws: ``InputError`` at `source` when a name is taken.
    public func appending(_ columns: [(name: String, label: String?, values: [Double?])], source: String) throws -> StatFile {
        var file = self
        for column in columns {
            guard !variables.contains(where: { $0.name == column.name }) else {
                throw InputError(file: source, problem: "the file already has a variable \(MessageText.name(column.name))",
                                 fix: "name the new column otherwise")
            }
            file.variables.append(Variable(name: column.name, type: .double, format: format == .stata ? "%9.0g" : "F8.3", label: column.label))
            file.cells.append(.numeric(values: column.values.map { $0 ?? .nan }, missing: column.values.map { $0 == nil || $0!.isNaN ? .system : .none }))
        }
        return file
    }
}
