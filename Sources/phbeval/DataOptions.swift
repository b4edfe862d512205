import ArgumentParser
import PHBEval

/// How a data file is read (CSV, or Stata/SPSS/SAS through ReadStat); shared by every command
/// that takes a data file.
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Format of the data file: csv, dta (Stata), sav (SPSS, also .zsav) or sas7bdat (SAS). Default: from the extension (.dta, .sav, .zsav, .sas7bdat; anything else is CSV).", valueName: "F"))
    var format: String?

    @Flag(name: .customLong("keep-codes"), help: "Stata/SPSS files: keep the numeric codes of value-labelled variables instead of making them categorical with the labels as levels.")
    var keepCodes = false

    @Option(name: .customLong("categorical"), help: ArgumentHelp("Columns to treat as categorical even if their values are numbers (comma-separated).", valueName: "a,b"))
    var categorical: String?

    @Option(name: .customLong("missing"), parsing: .unconditional, help: ArgumentHelp("Tokens that mean a missing value (comma-separated; the empty field is always missing).", valueName: "tokens"))
    var missing: String = "NA,."

    @Option(help: ArgumentHelp("Field delimiter: comma, semicolon or tab (default: detected from the header).", valueName: "comma|semicolon|tab"))
    var delimiter: String?

    /// The data file at `path`, in the format `--format` names or its extension says.
    func read(_ path: String) throws -> Dataset {
        try DataFile.read(path: path, csv: try csvOptions(), format: try dataFormat(), keepCodes: keepCodes)
    }

    /// The format `--format` names, or nil (decided by the file's extension).
    func dataFormat() throws -> DataFormat? { try format.map(DataFormat.init(named:)) }

    func csvOptions() throws -> CSVOptions {
        let delimiterByte: UInt8?
        switch delimiter {
        case nil: delimiterByte = nil
        case "comma", ",": delimiterByte = UInt8(ascii: ",")
        case "semicolon", ";": delimiterByte = UInt8(ascii: ";")
        case "tab", "\t": delimiterByte = UInt8(ascii: "\t")
        case let other?:
            throw InputError(parameter: .delimiter, problem: "unknown delimiter \(MessageText.display(other))", fix: "use comma, semicolon or tab")
        }
        return CSVOptions(delimiter: delimiterByte,
                          missingTokens: Set([""] + Self.list(missing)),
                          categorical: Set(categorical.map(Self.list) ?? []))
    }

    /// Splits a comma-separated option value, trimming spaces and dropping empty items.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
