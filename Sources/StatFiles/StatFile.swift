/// A Stata, SPSS or SAS data file as the file holds it: every variable with its storage type,
/// format, variable label, value-label set and (SPSS) user-missing codes, and every cell with its
/// kind of missing value. ``StatFileReader`` reads one through ReadStat; ``dataset(source:options:)``
/// turns it into typed columns; ``StatFileWriter`` writes it back (with columns appended) keeping
/// the labels and missing codes.
public struct StatFile: Sendable {
    public var format: StatFileFormat
    /// The file format's version (Stata 113 = Stata 8, …, 119; SPSS 2 or 3; SAS as stored).
    public var formatVersion: Int
    /// Whether an SPSS file is compressed with zlib (`.zsav`) or by rows (`.sav`, the default).
    public var isZlibCompressed: Bool
    public var fileLabel: String?
    /// The file's own timestamp (seconds since 1970), written back unchanged.
    public var timestamp: Int = 0
    public var variables: [Variable]
    /// The cells of each variable, in the order of ``variables``.
    public var cells: [Cells]
    /// Value-label sets by name (Stata `label define`, SPSS `VALUE LABELS`).
    public var labelSets: [String: [ValueLabel]]
    public var rowCount: Int

    /// How a variable is stored in the file.
    public enum StorageType: Sendable, Equatable {
        case string, int8, int16, int32, float, double
        public var isNumeric: Bool { self != .string }
    }

    public struct Variable: Sendable, Equatable {
        public var name: String
        public var type: StorageType
        /// The width of a string variable in bytes (its `str#` or `A#`).
        public var storageWidth: Int
        public var displayWidth: Int
        /// The display format (`%9.0g`, `%td`, `F8.2`, `DATE11`, `DATE9`, …), or nil.
        public var format: String?
        public var label: String?
        /// The name of the variable's value-label set, or nil.
        public var labelSet: String?
        /// SPSS user-missing values and ranges (a single code has `lo == hi`).
        public var missingRanges: [ClosedRange<Double>]
        /// SPSS user-missing values of a string variable (compared without trailing spaces).
        public var missingTexts: [String] = []
        /// SPSS measure and alignment, kept for writing back (ReadStat's enum values).
        public var measure: UInt32
        public var alignment: UInt32

        public init(name: String, type: StorageType, storageWidth: Int = 0, displayWidth: Int = 0,
                    format: String? = nil, label: String? = nil, labelSet: String? = nil,
                    missingRanges: [ClosedRange<Double>] = [], measure: UInt32 = 0, alignment: UInt32 = 0) {
            self.name = name
            self.type = type
            self.storageWidth = storageWidth
            self.displayWidth = displayWidth
            self.format = format
            self.label = label
            self.labelSet = labelSet
            self.missingRanges = missingRanges
            self.measure = measure
            self.alignment = alignment
        }

        /// Whether `value` is one of the variable's SPSS user-missing codes.
        public func isUserMissing(_ value: Double) -> Bool { missingRanges.contains { $0.contains(value) } }

        /// The user-missing range that holds `value` (its index in ``missingRanges``), or nil.
        public func userMissingRange(of value: Double) -> Int? { missingRanges.firstIndex { $0.contains(value) } }

        /// Whether `text` is one of the variable's SPSS user-missing strings.
        public func isUserMissing(_ text: String) -> Bool {
            !missingTexts.isEmpty && missingTexts.contains(String(text.reversed().drop { $0 == " " }.reversed()))
        }
    }

    /// One value label: a code (or a Stata/SAS tagged missing value) and its text.
    public struct ValueLabel: Sendable, Equatable {
        public enum Key: Sendable, Equatable {
            case number(Double)
            /// `.a`–`.z` (Stata), `.A`–`.Z`, `._` (SAS).
            case tagged(UInt8)
            case text(String)
        }
        public var key: Key
        public var label: String
        public init(key: Key, label: String) {
            self.key = key
            self.label = label
        }
    }

    /// The cells of one variable.
    public enum Cells: Sendable, Equatable {
        /// Numbers with each cell's kind: ``Missing/none`` for a value (which may still be an SPSS
        /// user-missing code, see ``Variable/missingRanges``), ``Missing/system`` for `.` /
        /// system-missing, or the tag letter of an extended missing value.
        case numeric(values: [Double], missing: [Missing])
        case text([String])
    }

    /// A numeric cell's kind of missing value.
    public enum Missing: Sendable, Equatable, Hashable {
        case none
        case system
        case tagged(UInt8)
    }

    public init(format: StatFileFormat, formatVersion: Int = 0, isZlibCompressed: Bool = false, fileLabel: String? = nil,
                variables: [Variable], cells: [Cells], labelSets: [String: [ValueLabel]] = [:], rowCount: Int) {
        self.format = format
        self.formatVersion = formatVersion
        self.isZlibCompressed = isZlibCompressed
        self.fileLabel = fileLabel
        self.variables = variables
        self.cells = cells
        self.labelSets = labelSets
        self.rowCount = rowCount
    }
}
