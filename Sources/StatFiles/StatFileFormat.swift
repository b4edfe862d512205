import Foundation
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

    /// The format the first bytes of the regular file at `path` have (nil for any other file,
    /// and without reading a FIFO or device, which could not be read again): Stata `<stata_dta>`
    /// (formats 117–119) or a format byte 104–115 followed by a byte order 1 or 2 and file type 1;
    /// SPSS `$FL2` or `$FL3`; SAS's 32-byte magic number (twelve zero bytes, then
    /// `C2 EA 81 60 B3 14 11 CF BD 92 08 00 09 C7 31 8C 18 1F 10 11`).
    public init?(contentsOf path: String) {
        guard (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 32)) ?? Data())
        let sasMagic: [UInt8] = Array(repeating: 0, count: 12) + [0xC2, 0xEA, 0x81, 0x60, 0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92,
                                                                   0x08, 0x00, 0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11]
        if head.starts(with: Array("<stata_dta>".utf8)) || (head.count >= 3 && (104...115).contains(head[0]) && (1...2).contains(head[1]) && head[2] == 1) {
            self = .stata
        } else if head.starts(with: Array("$FL2".utf8)) || head.starts(with: Array("$FL3".utf8)) {
            self = .spss
        } else if head == sasMagic {
            self = .sas
        } else {
            return nil
        }
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
        self = StatFileFormat(path: path).map(Self.init) ?? .csv
    }

    /// The format of a statistical package's files.
    public init(_ format: StatFileFormat) {
        switch format {
        case .stata: self = .dta
        case .spss: self = .sav
        case .sas: self = .sas7bdat
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
