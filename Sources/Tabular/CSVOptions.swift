/// How ``CSVReader`` reads a CSV file: its delimiter, which values are missing, and column types
/// the user declares instead of leaving them to inference.
public struct CSVOptions: Sendable {
    /// The field delimiter: `,`, `;`, tab or `|`. nil (the default) detects it from the header
    /// line: the most frequent of `,` `;` and tab outside quotes (`,` when none occurs or on a tie
    /// with it, then `;` before tab).
    public var delimiter: UInt8?
    /// Values that mean "missing", compared with a field's value after unquoting, exactly (no
    /// trimming, case-sensitive). Default: the empty field, `NA` and `.`.
    public var missingTokens: Set<String>
    /// Columns read as categorical even when every value is a number (default: none).
    public var categorical: Set<String>
    /// Columns that must be numeric: any value other than a number or a missing token is an
    /// error (default: none).
    public var numeric: Set<String>

    /// Options with the given settings; every default reads a typical comma- or
    /// semicolon-separated file with `NA`, `.` or an empty field for a missing value.
    public init(delimiter: UInt8? = nil, missingTokens: Set<String> = ["", "NA", "."],
                categorical: Set<String> = [], numeric: Set<String> = []) {
        self.delimiter = delimiter
        self.missingTokens = missingTokens
        self.categorical = categorical
        self.numeric = numeric
    }
}
