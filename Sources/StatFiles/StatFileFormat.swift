import Tabular

/// The statistical-package file formats phbeval reads (through ReadStat) besides CSV.
public enum StatFileFormat: String, Sendable, CaseIterable {
    /// Stata `.dta`, format 113 (Stata 8) and later (ReadStat reads 104–119).
    case stata
    /// SPSS `.sav` (row-compressed or not) and `.zsav` (zlib-compressed).
    case spss
    /// SAS `.sas7bdat`.
    case sas

    /// The program's name, for messages: `Stata`, `SPSS`, `SAS`.
    public var displayName: String {
        switch self {
        case .stata: return "Stata"
        case .spss: return "SPSS"
        case .sas: return "SAS"
        }
    }

    /// The format a file name's extension says (`.dta`, `.sav`, `.zsav`, `.sas7bdat`, any letter
    /// case), or nil for any other name (read as CSV).
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".dta") { self = .stata }
        else if lower.hasSuffix(".sav") || lower.hasSuffix(".zsav") { self = .spss }
        else if lower.hasSuffix(".sas7bdat") { self = .sas }
        else { return nil }
    }
}

/// A data file's format: CSV or one of the ``StatFileFormat``s; `--format` names it when the
/// extension does not.
public enum DataFormat: String, Sendable, CaseIterable {
    case csv, dta, sav, sas7bdat

    /// The format named by `name` (`csv`, `dta`/`stata`, `sav`/`zsav`/`spss`, `sas7bdat`/`sas`).
    /// - Throws: ``InputError`` at `--format` for any other name.
    public init(named name: String) throws {
        switch name.lowercased() {
        case "csv": self = .csv
        case "dta", "stata": self = .dta
        case "sav", "zsav", "spss": self = .sav
        case "sas7bdat", "sas": self = .sas7bdat
        default:
            throw InputError(parameter: .format, problem: "unknown data format \(MessageText.display(name))",
                             fix: "use csv, dta (Stata), sav (SPSS, also .zsav) or sas7bdat (SAS)")
        }
    }

    /// The format of `path` by its extension: a statistical package's, or CSV.
    public init(path: String) {
        switch StatFileFormat(path: path) {
        case .stata?: self = .dta
        case .spss?: self = .sav
        case .sas?: self = .sas7bdat
        case nil: self = .csv
        }
    }

    public var statFileFormat: StatFileFormat? {
        switch self {
        case .csv: return nil
        case .dta: return .stata
        case .sav: return .spss
        case .sas7bdat: return .sas
        }
    }
}

extension Parameter {
    /// The data file's format when its extension does not say it.
    public static let format: Parameter = "format"
    /// Keep the numeric codes of value-labelled variables instead of their labels.
    public static let keepCodes: Parameter = "keep_codes"
}
