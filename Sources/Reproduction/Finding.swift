/// One published finding set against the engine's reproduction of it.
///
/// Status rules (each finding states which one it uses in ``rule``):
/// - **[S] findings** (stated in a seed document): `matches` when the reproduced result has the
///   published direction and significance (or non-significance) at the evaluation's 10% level
///   (published-findings.md P10), else `differs`.
/// - **[W] numbers** (secondary sources): `matches` when the reproduced figure, rounded as the
///   source rounds it, equals the published one (or lies inside a published range),
///   `within tolerance` when it lies within the acceptance window of issue 10 (SCRQoL change
///   ±0.005, mortality ±0.5 points with p > 0.05), else `differs`.
/// - **Follow-up counts F4–F10**: `matches` only when every count is equal, else `differs`.
public struct Finding: Sendable, Equatable {
    public enum Status: String, Sendable {
        case matches
        case withinTolerance = "within tolerance"
        case differs
    }

    /// The id in published-findings.md (`P6a`, `F7`).
    public var id: String
    /// What was found, in a few words.
    public var finding: String
    /// The published value, as the source states it.
    public var published: String
    /// The source and its status, as published-findings.md gives them (`[S] Nuffield 2013`).
    public var source: String
    /// The engine's figure from the shipped data.
    public var reproduced: String
    public var status: Status
    /// The rule the status was decided by.
    public var rule: String

    /// `matches` when `holds`, else `differs`.
    static func judged(_ holds: Bool) -> Status { holds ? .matches : .differs }
}
