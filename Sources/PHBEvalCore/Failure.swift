/// How an error ends a run: its exit status and its message, in the terms of a front end.
///
/// Exit status 1: the analysis could not be done on valid input (``AnalysisError``, a failed
/// LAPACK computation, ``LinearAlgebraError``); 2: bad input (``InputError``). Other errors are
/// not the engine's (a front end's own usage errors) and give nil.
public enum Failure {
    /// The exit status for `error`, or nil when it is not an engine error.
    public static func exitStatus(for error: any Error) -> Int32? {
        switch error {
        case is InputError: return 2
        case is AnalysisError, is LinearAlgebraError: return 1
        default: return nil
        }
    }

    /// The one-line message for `error` with parameters written by `naming` (the CLI's flags, a
    /// spec's keys), or nil when it is not an engine error.
    public static func message(for error: any Error, naming: (Parameter) -> String) -> String? {
        switch error {
        case let e as InputError: return e.rendered(naming: naming)
        case let e as AnalysisError: return "\(e)"
        case let e as LinearAlgebraError: return "the computation failed: \(e)"
        default: return nil
        }
    }
}
