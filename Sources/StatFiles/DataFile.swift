import Tabular

/// The one way commands read a data file: CSV, or a Stata, SPSS or SAS file through ReadStat,
/// chosen by `format` or else by the file's extension (`.dta`, `.sav`, `.zsav`, `.sas7bdat`; any
/// other name is CSV).
public enum DataFile {
    /// - Parameters:
    ///   - csv: how a CSV file is read; its `categorical` columns also apply to the other formats.
    ///   - keepCodes: keep the numeric codes of value-labelled variables (`--keep-codes`).
    ///   - codes: variables read as categorical by their codes (instrument items).
    /// - Throws: ``InputError`` for a file that cannot be read or parsed.
    public static func read(path: String, csv: CSVOptions = CSVOptions(), format: DataFormat? = nil,
                            keepCodes: Bool = false, codes: Set<String> = []) throws -> Dataset {
        guard let statFormat = (format ?? DataFormat(path: path)).statFileFormat else {
            var options = csv
            options.categorical.formUnion(codes)
            do {
                return try CSVReader.read(path: path, options: options)
            } catch var error as InputError {
                // A statistical package's file read as CSV (format csv asked for, or a name without its
                // extension) fails on its binary bytes: say which format to read it with instead.
                if let named = StatFileFormat(contentsOf: path) {
                    error.fix = StatFileFormat(path: path) == named
                        ? "its name and its first bytes say it is a \(named.displayName) file: read it with \(parameter: .format) \(DataFormat(named).rawValue), or leave \(parameter: .format) out"
                        : "its first bytes are a \(named.displayName) file's: read it with \(parameter: .format) \(DataFormat(named).rawValue)"
                }
                throw error
            }
        }
        let file = try StatFileReader.read(path: path, format: statFormat)
        return try file.dataset(source: path, options: StatFileOptions(keepCodes: keepCodes, categorical: csv.categorical, codes: codes))
    }
}
