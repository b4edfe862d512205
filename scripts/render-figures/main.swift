// Writes one sample SVG of every figure type into the directory given as the first argument
// (scripts/render-figures.sh compiles this with Sources/Figures and renders the SVGs to PNG).
// The data are synthetic, drawn from a fixed linear congruential sequence, so the files are the
// same on every run.

/// A fixed pseudo-random sequence (Knuth's MMIX LCG) for sample data only.
struct SampleStream {
    var state: UInt64
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    /// Approximately standard normal: the sum of 12 uniforms less 6.
    mutating func normal() -> Double { (0..<12).reduce(0) { total, _ in total + uniform() } - 6 }
}

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "."
var stream = SampleStream(state: 20111)

func write(_ name: String, _ figure: Figure) {
    let path = directory + "/" + name + ".svg"
    guard let file = fopen(path, "w") else { fatalError("cannot write \(path)") }
    fputs(figure.svg, file)
    fclose(file)
}

let replicates = (0..<5000).map { _ in (effect: 0.04 + 0.03 * stream.normal(), cost: 900 + 700 * stream.normal()) }
write("ce-plane", CEPlaneFigure(replicates: replicates, estimate: (0.04, 900), lambda: 20000,
                                effectLabel: "Incremental effect (ASCOT SCRQoL)", costLabel: "Incremental cost (GBP, 2011 prices)",
                                effectUnit: "QALY"))
let many = (0..<25000).map { _ in (effect: 0.5 * stream.normal(), cost: -200 + 300 * stream.normal()) }
write("ce-plane-thinned", CEPlaneFigure(replicates: many, estimate: (0, -200), lambda: 30000,
                                        effectLabel: "Incremental effect (QALYs)", costLabel: "Incremental cost (EUR, 2020 prices)",
                                        currencySymbol: "€", effectUnit: "QALY"))
write("ce-plane-no-bootstrap", CEPlaneFigure(replicates: [], estimate: (0.012, 1500), lambda: 20000,
                                             effectLabel: "Incremental effect (QALYs)", costLabel: "Incremental cost (GBP, 2011 prices)"))
let lambdas = stride(from: 0.0, through: 50000, by: 500).map { $0 }
let probabilities = lambdas.map { 1 / (1 + exp(-($0 - 22000) / 6000)) }
write("ceac", CEACFigure(lambdas: lambdas, probabilities: probabilities,
                         xLabel: "Willingness to pay per QALY (GBP, 2011 prices)", headline: [20000, 30000]))
write("evpi", EVPIFigure(lambdas: lambdas, evpi: lambdas.map { 180 * exp(-pow(($0 - 22000) / 9000, 2)) },
                         xLabel: "Willingness to pay per QALY (GBP, 2011 prices)", yLabel: "EVPI per person (GBP, 2011 prices)"))
write("forest", ForestPlotFigure(rows: [
    .init(label: "All participants", estimate: 0.031, lower: 0.004, upper: 0.058, note: "n = 1,000"),
    .init(label: "Condition: mental health", estimate: 0.052, lower: 0.011, upper: 0.093, note: "n = 340"),
    .init(label: "Condition: physical disability or long-term condition", estimate: 0.018, lower: -0.02, upper: 0.056, note: "n = 420"),
    .init(label: "Condition: dementia", estimate: .nan, lower: .nan, upper: .nan, note: "n = 4"),
    .init(label: "Budget over £5,000", estimate: 0.044, lower: -0.003, upper: 0.091, note: "p(interaction) = 0.21"),
    .init(label: "Age 65 and over", estimate: -0.011, lower: -0.061, upper: 0.039, note: "n = 210"),
], xLabel: "Difference in ASCOT SCRQoL (PHB − usual care)", title: "Subgroups & interactions <ASCOT>"))
let times = [0.0, 6, 12]
write("outcome-change", OutcomeChangeFigure(series: [
    .init(label: "Personal health budget", points: times.map { .init(time: $0, mean: 0.62 + 0.004 * $0, lower: 0.60 + 0.004 * $0, upper: 0.64 + 0.004 * $0) }),
    .init(label: "Usual care", points: times.map { .init(time: $0, mean: 0.62 + 0.001 * $0, lower: 0.60 + 0.001 * $0, upper: 0.64 + 0.001 * $0) }),
], xLabel: "Months since randomisation", yLabel: "Mean ASCOT SCRQoL"))
write("love", LovePlotFigure(rows: [
    .init(term: "age", unweighted: 0.32, weighted: 0.04, binary: false),
    .init(term: "sex: female", unweighted: -0.08, weighted: 0.01, binary: true),
    .init(term: "baseline ASCOT SCRQoL", unweighted: 0.21, weighted: -0.02, binary: false),
    .init(term: "condition: mental health", unweighted: 0.15, weighted: 0.06, binary: true),
    .init(term: "deprivation quintile", unweighted: -0.12, weighted: 0.03, binary: false),
    .init(term: "budget (GBP)", unweighted: 0.45, weighted: 0.11, binary: false),
]))
let convergence = ["ascot12", "eq5d12", "cost12"].enumerated().map { index, name in
    ConvergenceFigure.Variable(name: name,
        means: (0..<5).map { _ in (0..<20).map { _ in Double(index + 1) + 0.05 * stream.normal() } },
        standardDeviations: (0..<5).map { _ in (0..<20).map { _ in 0.2 + 0.01 * stream.normal() } })
}
write("convergence", ConvergenceFigure(variables: convergence))
write("no-data", CEACFigure(lambdas: [], probabilities: [], xLabel: "Willingness to pay per QALY (GBP)"))
