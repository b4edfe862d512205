// phbeval's side of the benchmark workloads (../shared/bench/README.md), timed in-process so that
// "after loading" is measured exactly as for the peers. Usage:
//   phbeval-bench national DATA.csv [REPEATS]
// prints one line of key=value pairs: best-of-REPEATS seconds for W3 (load) and W2 (OLS + CR1),
// the arm estimate and its CR1 standard error (to check the peers agree), and peak RSS.
import Foundation
import Models
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

let arguments = CommandLine.arguments
guard arguments.count >= 3, arguments[1] == "national" else {
    FileHandle.standardError.write(Data("usage: phbeval-bench national DATA.csv [REPEATS]\n".utf8))
    exit(2)
}
let path = arguments[2]
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
do {
    var data: Dataset? = nil
    var load = Double.infinity
    for _ in 0..<repeats {
        data = nil
        load = min(load, try seconds { data = try CSVReader.read(path: path) })
    }
    let formula = try Formula("ascot12 ~ group + ascot0 + age + female + condition + " + (0..<10).map { "x\($0)" }.joined(separator: " + "))
    let spec = Regression.Specification(formula: formula, variance: .CR1, cluster: "area")
    var result: RegressionResult? = nil
    var fit = Double.infinity
    for _ in 0..<repeats {
        fit = min(fit, try seconds { result = try Regression.fit(spec, to: data!) })
    }
    let group = result!.term("group")!
    print(String(format: "tool=phbeval load_s=%.4f fit_s=%.4f group=%.5f se=%.5f peak_rss_mib=%.0f",
                 load, fit, group.estimate!, group.standardError!, peakResidentMiB()))
} catch {
    FileHandle.standardError.write(Data("phbeval-bench: \(error)\n".utf8))
    exit(1)
}
