// Times CSVReader.read(path:) (workload W3: load a CSV into typed columns). Run it with
// Benchmarks/csv-load/run.sh, which compiles the Tabular sources with optimisation and this file
// into one executable.
import Dispatch
import Tabular

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "/tmp/national_1m.csv"
let repetitions = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 5) : 5

var seconds: [Double] = []
var dataset: Dataset?
for _ in 0..<repetitions {
    dataset = nil
    let start = DispatchTime.now().uptimeNanoseconds
    dataset = try CSVReader.read(path: path)
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
if let dataset {
    let numeric = dataset.columns.filter(\.isNumeric).map(\.name)
    let categorical = dataset.columns.filter { !$0.isNumeric }.map { "\($0.name) (\($0.levels?.count ?? 0) levels)" }
    print("\(path): \(dataset.rowCount) rows; numeric: \(numeric.joined(separator: " ")); categorical: \(categorical.joined(separator: ", "))")
}
let sorted = seconds.sorted()
func format(_ value: Double) -> String { String(Int((value * 1000).rounded())) + " ms" }
print("phbeval CSVReader.read: first \(format(seconds[0])), min \(format(sorted[0])), median \(format(sorted[sorted.count / 2])) over \(repetitions) runs")
