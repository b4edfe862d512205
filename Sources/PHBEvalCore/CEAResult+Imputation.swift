import CostEffectiveness
import Imputation

extension CEAResult {
    /// The `"imputation"` object of `phbeval cea --imputations` (null without): `m`,
    /// `iterations`, `by_arm`, `pooling` ("rubin" or "von-hippel-bartlett"), `methods`
    /// [{variable, method}], `imputed` [{variable, count}], `imputed_total`, `delta_effect` and
    /// `delta_cost` {df, riv, lambda, fmi} (Rubin) or {df, between_bootstrap_variance,
    /// within_bootstrap_variance} (bootstrap-then-impute), `delta_arm`, `sensitivity`
    /// [{delta_effect, delta_cost, effect, cost, inb [{lambda, estimate, ci, prob_cost_effective}]}]
    /// (one per pair of the δ grids, in the grids' order; (0, 0), when both grids hold 0, equals the primary) and `notes`.
    var imputationJSON: JSONValue {
        guard let imputation else { return .null }
        func pooling(_ p: CEAImputationSummary.Pooling) -> JSONValue {
            if let riv = p.riv {
                return .object([("df", .number(p.degreesOfFreedom)), ("riv", .number(riv)), ("lambda", .optional(p.lambda)), ("fmi", .optional(p.fmi))])
            }
            return .object([("df", .number(p.degreesOfFreedom)), ("between_bootstrap_variance", .optional(p.betweenBootstrapVariance)),
                            ("within_bootstrap_variance", .optional(p.withinBootstrapVariance))])
        }
        func estimate(_ e: Estimate) -> JSONValue {
            .object([("estimate", .number(e.estimate)), ("std_error", .number(e.standardError)),
                     ("ci", e.interval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null), ("df", .optional(e.degreesOfFreedom))])
        }
        return .object([
            ("m", .int(imputation.imputations)),
            ("iterations", .int(imputation.iterations)),
            ("by_arm", .bool(imputation.byArm)),
            ("pooling", .string(imputation.pooling)),
            ("methods", .array(imputation.methods.map { .object([("variable", .string($0.variable)), ("method", .string($0.method.rawValue))]) })),
            ("imputed", .array(imputation.imputed.map { .object([("variable", .string($0.variable)), ("count", .int($0.count))]) })),
            ("imputed_total", .int(imputation.imputed.reduce(0) { $0 + $1.count })),
            ("delta_effect", pooling(imputation.effect)),
            ("delta_cost", pooling(imputation.cost)),
            ("delta_arm", .string(imputation.deltaArm.rawValue)),
            ("sensitivity", .array(imputation.scenarios.map { s in
                .object([
                    ("delta_effect", .number(s.deltaEffect)), ("delta_cost", .number(s.deltaCost)),
                    ("effect", estimate(s.effect)), ("cost", estimate(s.cost)),
                    ("inb", .array(s.netBenefit.map { row in
                        .object([("lambda", .number(row.lambda)), ("estimate", .number(row.estimate)),
                                 ("ci", row.interval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null),
                                 ("prob_cost_effective", .number(row.probabilityCostEffective))])
                    })),
                ])
            })),
            ("notes", .array(imputation.notes.map(JSONValue.string))),
        ])
    }

    /// Lines for the readable summary: the imputation and the MNAR scenarios at a few λ.
    public func imputationSummary(lambdasShown: [Double] = [20_000, 30_000]) -> String {
        guard let imputation else { return "" }
        let counts = imputation.imputed.map { "\($0.variable) \($0.count)" }.joined(separator: ", ")
        var lines = ["", "Multiple imputation: m = \(imputation.imputations)\(bootstrap == nil ? "" : " per bootstrap sample"), \(imputation.iterations) iterations\(imputation.byArm ? ", by arm" : ""); values imputed: \(counts)",
                     "Pooling: " + (imputation.pooling == "rubin" ? "Rubin's rules (Barnard–Rubin df; fmi ΔE \(Self.number(imputation.effect.fmi ?? 0)), ΔC \(Self.number(imputation.cost.fmi ?? 0)))"
                                    : "bootstrap-then-impute, von Hippel & Bartlett (df ΔE \(Self.number(imputation.effect.degreesOfFreedom)), ΔC \(Self.number(imputation.cost.degreesOfFreedom)))")]
        for s in imputation.scenarios {
            let inb = s.netBenefit.filter { lambdasShown.contains($0.lambda) }.map { "λ \(Self.number($0.lambda)): INB \(Self.number($0.estimate)), P(CE) \(Self.number($0.probabilityCostEffective))" }
            lines.append("MNAR δ_E \(Self.number(s.deltaEffect)), δ_C \(Self.number(s.deltaCost)) (\(imputation.deltaArm == .both ? "both arms" : "\(imputation.deltaArm.rawValue) arm")): ΔE \(Self.number(s.effect.estimate)), ΔC \(Self.number(s.cost.estimate)); " + inb.joined(separator: "; "))
        }
        for note in imputation.notes { lines.append("Note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The result itself, once every number of the imputation's sensitivity scenarios is finite.
    public func checkedImputationFinite() throws -> CEAResult {
        guard let imputation else { return self }
        var values: [(String, Double?)] = [("the pooled df of ΔE", imputation.effect.degreesOfFreedom), ("the pooled df of ΔC", imputation.cost.degreesOfFreedom),
                                           ("the riv of ΔE", imputation.effect.riv), ("the riv of ΔC", imputation.cost.riv)]
        for s in imputation.scenarios {
            values += [("ΔE under δ", s.effect.estimate), ("se(ΔE) under δ", s.effect.standardError), ("ΔC under δ", s.cost.estimate), ("se(ΔC) under δ", s.cost.standardError)]
            values += s.netBenefit.map { ("INB under δ at λ = \($0.lambda)", $0.estimate) }
        }
        try FiniteCheck.require(values)
        return self
    }
}
