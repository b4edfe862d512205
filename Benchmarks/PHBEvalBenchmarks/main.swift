// phbeval's side of the benchmark workloads (../shared/bench/README.md), timed in-process so that
// "after loading" is measured exactly as for the peers. Usage:
//   phbeval-bench national DATA.csv [REPEATS]
//     prints one line of key=value pairs: best-of-REPEATS seconds for W3 (load) and W2 (OLS + CR1),
//     the arm estimate and its CR1 standard error (to check the peers agree), and peak RSS.
//   phbeval-bench score DATA.csv [REPEATS]
//     scores the EQ-5D-5L profiles in columns mo,sc,ua,pd,ad (England value set) as
//     `phbeval score eq5d-5l` does, and prints best-of-REPEATS seconds for loading the CSV, for
//     scoring after loading, and for rendering the output CSV, the rows scored and their mean.
//     Make the data with Benchmarks/make_eq5d5l.py.
//   phbeval-bench load DATA.dta|sav|sas7bdat|csv [REPEATS]
//     W8: reading a data file into typed columns as every command does (DataFile.read); prints
//     best-of-REPEATS seconds, the rows and columns, and the mean of x1 (to check the peers agree).
//     Make the data with Benchmarks/make_dta.R.
//   phbeval-bench cea DATA.csv [REPEATS]
//     W1: the two-equation net-benefit bootstrap (B = 10,000, stratified by arm, λ = 0…100,000
//     step 1,000, CEAC) on pilot-shaped data, after loading; prints best-of-REPEATS seconds, ΔE,
//     ΔC and the CEAC at λ = 20,000.
//   phbeval-bench mi MASKED.csv [REPEATS]
//     W4: chained equations (pmm, m = 20, 10 iterations) imputing ascot12 and cost from the other
//     columns, then the Rubin-pooled arm coefficient of ascot12 ~ group + covariates; prints
//     best-of-REPEATS seconds (imputation + 20 fits + pooling, after loading), the estimate and s.e.
//   phbeval-bench mi-boot MASKED.csv [REPEATS] [B]
//     W6: bootstrap-then-impute, B = 1,000 (rows within arms), M = 2, pmm with 10 iterations,
//     adjusted ΔE and ΔC pooled by von Hippel & Bartlett; prints best-of-REPEATS seconds, ΔE, ΔC.
//     Make MASKED.csv with Benchmarks/peers/mask_pilot.R.
import CostEffectiveness
import Foundation
import Instruments
import Models
import PHBEval
import Tabular

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

/// The best of `repeats` timings of `body`.
func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<repeats { fastest = min(fastest, try seconds(body)) }
    return fastest
}

func national(path: String, repeats: Int) throws {
    var data: Dataset? = nil
    let load = try best(repeats) {
        data = nil
        data = try CSVReader.read(path: path)
    }
    let formula = try Formula("ascot12 ~ group + ascot0 + age + female + condition + " + (0..<10).map { "x\($0)" }.joined(separator: " + "))
    let spec = Regression.Specification(formula: formula, variance: .CR1, cluster: "area")
    var result: RegressionResult? = nil
    let fit = try best(repeats) { result = try Regression.fit(spec, to: data!) }
    let group = result!.term("group")!
    print(String(format: "tool=phbeval load_s=%.4f fit_s=%.4f group=%.5f se=%.5f peak_rss_mib=%.0f",
                 load, fit, group.estimate!, group.standardError!, peakResidentMiB()))
}

func load(path: String, repeats: Int) throws {
    var data: Dataset? = nil
    let seconds = try best(repeats) {
        data = nil
        data = try DataFile.read(path: path)
    }
    // For a statistical package's file, the two stages: the file into cells, the cells into columns.
    var stages = ""
    if let format = StatFileFormat(path: path) {
        var file: StatFile? = nil
        let parse = try best(repeats) { file = nil; file = try StatFileReader.read(path: path, format: format) }
        let convert = try best(repeats) { _ = try file!.dataset(source: path) }
        stages = String(format: " parse_s=%.4f convert_s=%.4f", parse, convert)
    }
    let x1 = try data!.requireColumn("x1")
    let present = x1.numbers!.indices.filter { !x1.missing[$0] }.map { x1.numbers![$0] }
    print(String(format: "tool=phbeval rows=%d columns=%d load_s=%.4f mean_x1=%.6f peak_rss_mib=%.0f",
                 data!.rowCount, data!.columns.count, seconds, present.reduce(0, +) / Double(present.count), peakResidentMiB()) + stages)
}

func score(path: String, repeats: Int) throws {
    let scorer = try ScoreRequest(instrument: .eq5d5l, columns: ["mo", "sc", "ua", "pd", "ad"]).scorer()
    var file: CSVFile? = nil
    let load = try best(repeats) {
        file = nil
        file = try CSVFile(path: path, categoricalIfPresent: scorer.itemColumns)
    }
    var scored: ScoredFile? = nil
    let scoring = try best(repeats) { scored = try ScoredFile(file: file!, scorer: scorer) }
    var bytes = 0
    let csv = try best(repeats) { bytes = try scored!.csv().count }
    let summary = scored!.table.summaries[0]
    print(String(format: "tool=phbeval rows=%d load_s=%.4f score_s=%.4f csv_s=%.4f csv_mib=%.1f scored=%d mean=%.6f peak_rss_mib=%.0f",
                 file!.dataset.rowCount, load, scoring, csv, Double(bytes) / 1_048_576, summary.scored, summary.mean ?? .nan,
                 peakResidentMiB()))
}

/// W1 (`cea`, least squares) and W7 (`cea-sur`): the bootstrap of the two-equation model, B = 10,000.
func cea(path: String, repeats: Int, model: CEASpecification.Model) throws {
    let data = try CSVReader.read(path: path)
    let spec = CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost",
                                effectCovariates: "ascot0 + age + female + condition + imd",
                                costCovariates: "age + female + condition + imd", model: model, bootstrapReplicates: 10_000, seed: 1)
    var result: CEAResult? = nil
    let time = try best(repeats) { result = try CostEffectivenessAnalysis.run(spec, on: data) }
    let r = result!
    print(String(format: "tool=phbeval seconds=%.4f dE=%.5f dC=%.1f ceac20000=%.3f se_dE=%.5f se_dC=%.1f",
                 time, r.deltaEffect.estimate, r.deltaCost.estimate, r.netBenefit[20].probabilityCostEffective,
                 r.deltaEffect.standardError, r.deltaCost.standardError))
}

let pilotCovariates = "ascot0 + age + female + condition + imd"

func multipleImputation(path: String, repeats: Int) throws {
    let data = try CSVReader.read(path: path)
    let options = ImputationOptions(variables: ["ascot12", "cost"], auxiliary: ["group", "age", "female", "condition", "imd", "ascot0"],
                                    imputations: 20, iterations: 10, seed: 11)
    let spec = Regression.Specification(formula: try Formula("ascot12 ~ group + " + pilotCovariates))
    var pooled: PooledRegression? = nil
    let time = try best(repeats) {
        let result = try ImputationModel(data: data, options: options).impute()
        pooled = try PooledRegression((0..<20).map { try Regression.fit(spec, to: result.completed($0)) })
    }
    let group = pooled!.pooled[pooled!.first.terms.firstIndex { $0.term == "group" }!]!
    print(String(format: "tool=phbeval seconds=%.4f group=%.5f se=%.5f fmi=%.3f", time, group.estimate, group.standardError, group.fractionOfMissingInformation))
}

func bootstrapThenImpute(path: String, repeats: Int, replicates: Int) throws {
    let data = try CSVReader.read(path: path)
    var spec = CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost", effectCovariates: pilotCovariates,
                                costCovariates: "age + female + condition + imd", bootstrapReplicates: replicates, seed: 1)
    spec.imputation = CEAImputation(imputations: 2, iterations: 10)
    var result: CEAResult? = nil
    let time = try best(repeats) { result = try CostEffectivenessAnalysis.run(spec, on: data) }
    let r = result!
    // FNV-1a over the bits of every replicate's mean ΔE and ΔC: equal digests, equal draws.
    let digest = r.replicates.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { hash, replicate in
        [replicate.effect.bitPattern, replicate.cost.bitPattern].reduce(hash) { ($0 ^ $1) &* 0x100_0000_01B3 }
    }
    print(String(format: "tool=phbeval seconds=%.4f B=%d dE=%.5f dC=%.1f se_dE=%.5f se_dC=%.1f replicates_fnv=%016llx", time, replicates,
                 r.deltaEffect.estimate, r.deltaCost.estimate, r.deltaEffect.standardError, r.deltaCost.standardError, digest))
}

// The same kernel choice as the phbeval executable (Sources/phbeval/BLASKernels.swift).
if let core = BLASLibrary.preferredOpenBLASCore() {
    setenv("OPENBLAS_CORETYPE", core, 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
}
let arguments = CommandLine.arguments
let modes: [String: (String, Int) throws -> Void] = [
    "national": national, "score": score, "load": load,
    "cea": { try cea(path: $0, repeats: $1, model: .ols) }, "cea-sur": { try cea(path: $0, repeats: $1, model: .sur) },
    "mi": multipleImputation,
    "mi-boot": { try bootstrapThenImpute(path: $0, repeats: $1, replicates: arguments.count > 4 ? Int(arguments[4]) ?? 1000 : 1000) },
]
guard arguments.count >= 3, let mode = modes[arguments[1]] else {
    FileHandle.standardError.write(Data("usage: phbeval-bench national|score|load|cea|cea-sur|mi|mi-boot DATA [REPEATS] [B]\n".utf8))
    exit(2)
}
do {
    try mode(arguments[2], arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3)
} catch {
    FileHandle.standardError.write(Data("phbeval-bench: \(error)\n".utf8))
    exit(1)
}
