// Times CSVReader.read(path:) on one file (workload W3: load a CSV into typed columns).
// Build and run with Benchmarks/csv-load/run.sh; it compiles the Tabular sources with this file
// into one optimized executable.
import Dispatch
import Tabular

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "/tmp/national_1m.csv"
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5

var seconds: [Double] = []
var dataset: Dataset?
for _ in 0..<repetitions {
    let start = DispatchTime.now().uptimeNanoseconds
    dataset = try CSVReader.read(path: path)
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
guard let dataset else { fatalError("no repetitions") }
let numeric = dataset.columns.filter(\.isNumeric).count
print("\(path): \(dataset.rowCount) rows, \(dataset.columns.count) columns (\(numeric) numeric, \(dataset.columns.count - numeric) categorical)")
for column in dataset.columns where !column.isNumeric {
    print("  \(column.name): \(column.levels?.count ?? 0) levels, first \(column.levels?.first ?? "-")")
}
let sorted = seconds.sorted()
print("read(path:) over \(repetitions) runs: min \(sorted[0]) s, median \(sorted[sorted.count / 2]) s")
