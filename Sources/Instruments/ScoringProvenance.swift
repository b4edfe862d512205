/// What a score was computed with, in a form a report can print and a JSON summary can carry:
/// instrument and version, scoring method, value set and its publication.
public struct ScoringProvenance: Sendable, Equatable {
    /// Instrument family: `EQ-5D`, `GHQ` or `ASCOT`.
    public var instrument: String
    /// Variant of the instrument: `3L`, `5L`, `12`, `SCT4`, `INT4`.
    public var version: String
    /// How the responses were turned into the score, e.g. `TTO value set`, `Likert (0-0-1-2…)`.
    public var method: String
    /// Name of the value set, crosswalk or mapping as in the tables (`England`, `UK`), if any.
    public var valueSet: String?
    /// The set's publication alias, e.g. `England-Devlin-2018`.
    public var alias: String?
    /// The publication the set comes from.
    public var publication: Publication?
    /// Where the numbers came from: the shipped table (with its upstream commit) or a user file.
    public var source: String?
    /// Options that changed the result (threshold, prorating, bandwidth, age-band rule…), by name.
    public var parameters: [String: String]

    public init(instrument: String, version: String, method: String, valueSet: String? = nil, alias: String? = nil,
                publication: Publication? = nil, source: String? = nil, parameters: [String: String] = [:]) {
        self.instrument = instrument
        self.version = version
        self.method = method
        self.valueSet = valueSet
        self.alias = alias
        self.publication = publication
        self.source = source
        self.parameters = parameters
    }

}

/// Where the shipped EQ-5D tables come from (see `Resources/README.md`).
let eq5dTablesSource = "fragla/eq5d data-raw (commit 88e902fb, 2026-03-28; MIT licence, © 2019 Fraser Morton)"
