/// The rejections of ``CSVReader``, one constructor per problem, so that every message names the
/// file, line, field and offending value in the same words.
///
/// `field` arguments are 0-based indexes; the error's `column` is the 1-based field number.
extension InputError {
    static func emptyFile(_ source: String) -> InputError {
        InputError(file: source, line: 1, column: 1, problem: "the file is empty",
                   fix: "start it with a header line that names the columns, then write one line per row")
    }

    static func unreadableFile(_ path: String, reason: String) -> InputError {
        InputError(file: path, problem: "the file cannot be read (\(reason))",
                   fix: "check that the path names a readable file")
    }

    static func unsupportedDelimiter(_ source: String, _ delimiter: UInt8) -> InputError {
        InputError(file: source, problem: "the delimiter \(String(decoding: [delimiter], as: UTF8.self).debugDescription) is not supported",
                   fix: "use a comma, a semicolon, a tab or '|'")
    }

    static func emptyColumnName(_ source: String, line: Int, field: Int) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "field \(field + 1) of the header is empty, so column \(field + 1) has no name",
                   fix: "give every column a name in the header line")
    }

    static func duplicateColumnName(_ source: String, line: Int, field: Int, name: String, firstField: Int) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "the column name \(MessageText.name(name)) appears twice in the header (fields \(firstField + 1) and \(field + 1))",
                   fix: "give each column a different name")
    }

    static func missingFields(_ source: String, line: Int, found: Int, names: [String], delimiter: UInt8) -> InputError {
        InputError(file: source, line: line, column: found + 1,
                   problem: "this row has \(found) \(found == 1 ? "field" : "fields") but the header has \(names.count); \(describeField(found, names)) is missing",
                   fix: "give every row \(names.count) fields separated by \(describeDelimiter(delimiter))")
    }

    static func extraFields(_ source: String, line: Int, found: Int, expected: Int, firstExtra: String, delimiter: UInt8) -> InputError {
        InputError(file: source, line: line, column: expected + 1,
                   problem: "this row has \(found) fields but the header has \(expected); field \(expected + 1) is \(display(firstExtra))",
                   fix: "remove the extra fields, or enclose a value that contains \(describeDelimiter(delimiter)) in double quotes")
    }

    static func unterminatedQuote(_ source: String, line: Int, field: Int, names: [String], start: String) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "\(describeField(field, names)) opens a quote that is never closed (it starts \(display(start)))",
                   fix: "add the closing quote; a quote inside a quoted field is written twice (\"\")")
    }

    static func quoteInUnquotedField(_ source: String, line: Int, field: Int, names: [String], value: String) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "\(describeField(field, names)) is \(display(value)), which has a quote in the middle of a field that does not start with one",
                   fix: "enclose the whole field in double quotes and write the quote twice (\"\"), or remove the quote")
    }

    static func textAfterClosingQuote(_ source: String, line: Int, field: Int, names: [String], text: String) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "\(describeField(field, names)) has \(display(text)) after its closing quote",
                   fix: "put the delimiter right after the closing quote; a quote inside a quoted field is written twice (\"\")")
    }

    static func invalidUTF8(_ source: String, line: Int, field: Int, names: [String], value: String) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "\(describeField(field, names)) is not valid UTF-8 text: \(display(value))",
                   fix: "save the file with UTF-8 encoding")
    }

    static func textInNumericColumn(_ source: String, line: Int, field: Int, names: [String], value: String,
                                    numbers: Int, values: Int, missingHint: String) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "\(describeField(field, names)) is \(display(value)), which is not a number, in a column of numbers (\(numbers) of its \(values) values are numbers)",
                   fix: "correct it, mark it missing (\(missingHint)), or declare the column categorical with \(parameter: .categorical) \(MessageText.list([names[field]]))")
    }

    static func textInDeclaredNumericColumn(_ source: String, line: Int, field: Int, names: [String], value: String,
                                            missingHint: String) -> InputError {
        InputError(file: source, line: line, column: field + 1,
                   problem: "\(describeField(field, names)) is \(display(value)), which is not a number, in a column declared numeric",
                   fix: "correct it or mark it missing (\(missingHint))")
    }

    static func unknownOptionColumn(_ source: String, option: Parameter, name: String, names: [String]) -> InputError {
        InputError(file: source, line: 1,
                   problem: "\(parameter: option) names the column \(MessageText.name(name)), which is not in the header",
                   fix: "use one of the columns: \(MessageText.list(names))")
    }

    static func conflictingColumnTypes(_ source: String, field: Int, name: String) -> InputError {
        InputError(file: source, line: 1, column: field + 1,
                   problem: "the column \(MessageText.name(name)) is declared both categorical and numeric",
                   fix: "declare it one or the other")
    }

    /// `field 3 ('age')`, or `field 3` past the header's columns.
    private static func describeField(_ field: Int, _ names: [String]) -> String {
        field < names.count ? "field \(field + 1) (\(MessageText.name(names[field])))" : "field \(field + 1)"
    }

    private static func describeDelimiter(_ delimiter: UInt8) -> String {
        delimiter == UInt8(ascii: "\t") ? "tabs" : "'\(String(decoding: [delimiter], as: UTF8.self))'"
    }

    /// A value as it is shown in a message (``MessageText/display(_:)``).
    private static func display(_ value: String) -> String { MessageText.display(value) }
}
