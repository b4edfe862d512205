import Foundation
import XCTest

/// Seeded fuzzing of the `phbeval` executable: generated files, formulas and option sets for
/// `regress`, `cea` and `score`, each run with a time limit. Every run must end by exiting 0, 1 or
/// 2 (never a signal, never a hang); leave its input files byte-identical; on 1 or 2 print a
/// message starting `phbeval: `, with a location (a file, `--flag`) on 2; and never print `nan` or
/// `inf` as a number, or a JSON `null` where a computed number belongs.
///
/// The seed is fixed, so CI runs the same cases every time; a failure prints the case number,
/// its arguments and its files (kept in the failure message) so it can be replayed with
/// `PHBEVAL_FUZZ_CASE=N`. `PHBEVAL_FUZZ_SEED` and `PHBEVAL_FUZZ_RUNS` widen a local campaign.
final class FuzzTests: XCTestCase {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["PHBEVAL_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_201
    static let runs = ProcessInfo.processInfo.environment["PHBEVAL_FUZZ_RUNS"].flatMap(Int.init) ?? 150
    /// The whole campaign stops starting new cases after this long (a slow machine runs fewer).
    static let budget: TimeInterval = ProcessInfo.processInfo.environment["PHBEVAL_FUZZ_BUDGET"].flatMap(TimeInterval.init) ?? 80
    static let perRunTimeout: TimeInterval = 10

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testSeededCampaign() throws {
        let started = Date()
        var cases = Array(0..<Self.runs)
        if let only = ProcessInfo.processInfo.environment["PHBEVAL_FUZZ_CASE"].flatMap(Int.init) { cases = [only] }
        var ran = 0, statuses: [Int32: Int] = [:]
        for number in cases {
            if Date().timeIntervalSince(started) > Self.budget { break }
            let folder = directory.appendingPathComponent("case-\(number)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let fuzzCase = try FuzzCase.make(number: number, seed: Self.seed, in: folder)
            let outcome = try fuzzCase.run(timeout: Self.perRunTimeout)
            statuses[outcome.status, default: 0] += 1
            if ProcessInfo.processInfo.environment["PHBEVAL_FUZZ_VERBOSE"] != nil {
                print("case \(number): \(outcome.status) \(fuzzCase.command) \(outcome.stderr.prefix(160).split(separator: "\n").first ?? "")")
            }
            ran += 1
            for problem in fuzzCase.problems(with: outcome) {
                XCTFail("fuzz case \(number) (seed \(Self.seed)): \(problem)\n\(fuzzCase.reproduction(outcome))")
            }
            try? FileManager.default.removeItem(at: folder)
        }
        let elapsed = Date().timeIntervalSince(started)
        print("fuzz: \(ran) runs in \(String(format: "%.1f", elapsed)) s, seed \(Self.seed); exit statuses \(statuses.sorted { $0.key < $1.key })")
        XCTAssertGreaterThan(ran, 0)
    }

    /// Damaged Stata, SPSS and SAS files (the fixtures of Tests/StatFilesTests/Fixtures, cut at a
    /// seeded length, with seeded bytes overwritten, or both) read by `regress` and `score`: each
    /// run must end with exit 0, 1 or 2 and a message, never a crash or a hang.
    func testCorruptedStatisticalPackageFiles() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StatFilesTests/Fixtures")
        let files = ["trial.dta", "trial_v8.dta", "trial.sav", "trial.zsav", "trial.sas7bdat", "eq5d5l.dta", "eq5d5l.sav"]
        let perFile = ProcessInfo.processInfo.environment["PHBEVAL_FUZZ_STATFILE_RUNS"].flatMap(Int.init) ?? 12
        var g = FuzzGenerator(seed: Self.seed, caseNumber: 1_000_000)
        var ran = 0, statuses: [Int32: Int] = [:]
        for file in files {
            let original = try Data(contentsOf: fixtures.appendingPathComponent(file))
            for k in 0..<perFile {
                var bytes = [UInt8](original)
                let mode = k % 3
                if mode != 1 { bytes = Array(bytes.prefix(g.int(0...(bytes.count - 1)))) }
                if mode != 0, !bytes.isEmpty {
                    for _ in 0..<g.int(1...8) { bytes[g.int(0...(bytes.count - 1))] = UInt8(g.int(0...255)) }
                }
                let folder = directory.appendingPathComponent("statfile-\(ran)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let path = folder.appendingPathComponent(file).path
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let arguments = file.hasPrefix("eq5d")
                    ? ["score", "eq5d-5l", path, "--columns", "mo,sc,ua,pd,ad", "--json"]
                    : ["regress", path, "--formula", "cost ~ trt + age", "--json"]
                let fuzzCase = FuzzCase(number: ran, arguments: arguments, inputs: [(path, Data(bytes))], folder: folder,
                                        expectsJSON: true, command: arguments[0])
                let outcome = try fuzzCase.run(timeout: Self.perRunTimeout)
                statuses[outcome.status, default: 0] += 1
                for problem in fuzzCase.problems(with: outcome) {
                    XCTFail("damaged \(file) (case \(k), mode \(mode), \(bytes.count) bytes): \(problem)\nstderr: \(outcome.stderr.prefix(400))")
                }
                ran += 1
                try? FileManager.default.removeItem(at: folder)
            }
        }
        print("fuzz: \(ran) damaged statistical-package files; exit statuses \(statuses.sorted { $0.key < $1.key })")
        XCTAssertEqual(ran, files.count * perFile)
    }
}

/// One generated run: the command line and the files it reads.
struct FuzzCase {
    let number: Int
    let arguments: [String]
    /// Files the command reads (checked byte-identical afterwards) with their contents.
    let inputs: [(path: String, contents: Data)]
    let folder: URL
    let expectsJSON: Bool
    let command: String

    struct Outcome {
        let status: Int32
        let signaled: Bool
        let timedOut: Bool
        let stdout: String
        let stderr: String
        let inputsAfter: [Data?]
    }

    static func make(number: Int, seed: UInt64, in folder: URL) throws -> FuzzCase {
        var g = FuzzGenerator(seed: seed, caseNumber: number)
        switch number % 3 {
        case 0: return try regress(&g, number: number, folder: folder)
        case 1: return try cea(&g, number: number, folder: folder)
        default: return try score(&g, number: number, folder: folder)
        }
    }

    // MARK: Commands

    private static func write(_ data: Data, _ name: String, _ folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    private static func regress(_ g: inout FuzzGenerator, number: Int, folder: URL) throws -> FuzzCase {
        let rows = g.pick([0, 1, 3, 8, 20, 40, 40])
        let arms = (0..<rows).map { _ in g.int(0...1) }
        var columns: [(String, [String])] = [
            (g.spelled("y"), g.column(kind: g.pick([.outcome, .binary, .count, .cost]), rows: rows, arms: arms)),
            (g.spelled("x"), g.column(kind: .numeric, rows: rows, arms: arms)),
            ("age", g.column(kind: .numeric, rows: rows, arms: arms)),
            ("grp", g.column(kind: .text, rows: rows, arms: arms)),
            ("site", g.column(kind: .code(4), rows: rows, arms: arms)),
            ("w", g.column(kind: .weight, rows: rows, arms: arms)),
        ]
        if g.chance(0.05) {
            for k in 0..<g.pick([200, 2000]) { columns.append(("v\(k)", g.column(kind: .numeric, rows: rows, arms: arms))) }
        }
        let data = try write(g.csv(columns, rows: rows), "data.csv", folder)
        let names = g.chance(g.dirtiness) ? ["y", "x", "age", "grp", "site", "w"] : ["x", "age", "grp", "site"]
        let formula = g.chance(g.dirtiness) ? g.terms(names) : "\(g.choose(["y"], ["x", "log(y)", "zz"])) ~ \(g.terms(names))"
        var arguments = ["regress", data, "--formula", formula]
        if g.chance(0.4) { arguments += ["--family", g.choose(["gaussian", "binomial", "poisson", "gamma"], ["quasi"])] }
        if g.chance(0.2) { arguments += ["--link", g.choose(["identity", "logit", "log"], ["probit"])] }
        if g.chance(0.4) {
            let variance = g.choose(["classical", "HC0", "HC1", "HC2", "HC3", "CR1"], ["CR2x"])
            arguments += ["--vcov", variance]
            if variance == "CR1" || g.chance(0.1) { arguments += ["--cluster", g.choose(["site", "grp"], ["nope"])] }
        }
        if g.chance(0.15) { arguments += ["--weights", g.choose(["w", "x"], ["grp", "nope"])] }
        if g.chance(0.15) { arguments += ["--level", g.choose(["0.9", "0.5", "0.999999"], ["1", "-0.5", "x"])] }
        if g.chance(0.1) { arguments += ["--categorical", g.choose(["site", "site,grp"], ["x", "nope"])] }
        if g.chance(0.1) { arguments += ["--missing", g.choose(["NA", "-1", "nan", ""], [])] }
        if g.chance(0.05) { arguments += ["--delimiter", g.choose(["comma"], ["semicolon", "tab", "pipe"])] }
        let json = g.chance(0.4)
        if json { arguments.append("--json") }
        return FuzzCase(number: number, arguments: arguments, inputs: [(data, try Data(contentsOf: URL(fileURLWithPath: data)))],
                        folder: folder, expectsJSON: json, command: "regress")
    }

    private static func cea(_ g: inout FuzzGenerator, number: Int, folder: URL) throws -> FuzzCase {
        let rows = g.pick([0, 2, 4, 10, 30, 60, 60])
        let arms = (0..<rows).map { $0 % 2 == 0 ? 1 : (g.chance(0.1) ? 1 : 0) }
        let columns: [(String, [String])] = [
            (g.spelled("arm"), g.column(kind: .arm, rows: rows, arms: arms)),
            (g.spelled("e"), g.column(kind: .outcome, rows: rows, arms: arms)),
            ("c", g.column(kind: .cost, rows: rows, arms: arms)),
            ("age", g.column(kind: .numeric, rows: rows, arms: arms)),
            ("site", g.column(kind: .code(5), rows: rows, arms: arms)),
            ("grp", g.column(kind: .text, rows: rows, arms: arms)),
        ]
        let data = try write(g.csv(columns, rows: rows), "data.csv", folder)
        let names = ["age", "site", "grp", "e", "c"]
        var arguments = ["cea", data, "--arm", g.chance(1 - g.dirtiness) ? "arm" : "nope",
                         "--treated", g.choose(["1", "0"], ["-1", "x", "1.0"]),
                         "--effect", g.chance(1 - g.dirtiness) ? "e" : "grp", "--cost", g.chance(1 - g.dirtiness) ? "c" : "zz"]
        if g.chance(0.3) { arguments += ["--effect-covariates", g.terms(names)] }
        if g.chance(0.2) { arguments += ["--cost-covariates", g.terms(names)] }
        if g.chance(0.15) { arguments += ["--model", g.choose(["ols", "sur", "gamma-cost"], ["probit"])] }
        if g.chance(0.15) { arguments += ["--cluster", g.choose(["site", "grp"], ["nope"])] }
        if g.chance(0.1) { arguments += ["--subgroup", g.choose(["grp", "site"], ["nope"])] }
        var bootstrapped = false
        if g.chance(0.4) {
            bootstrapped = true
            arguments += ["--bootstrap", g.choose(["2", "20", "50", "200"], ["1", "0", "-3", "9223372036854775807", "1000001", "x"]), "--quiet"]
            if g.chance(0.4) { arguments += ["--ci", g.choose(["percentile", "bca"], ["studentized"])] }
            if g.chance(0.3) { arguments += ["--seed", g.choose(["1", "0", "18446744073709551615"], ["-1"])] }
            if g.chance(0.2) { arguments += ["--threads", g.choose(["1", "2"], ["0", "100000"])] }
        }
        if g.chance(0.3) {
            arguments += ["--lambda", g.choose(["0:50000:10000", "-1000:0:500", "0:1e110:1e109", "1e110:1e110:1", "1e300:1e300:1"],
                                                ["5:1:1", "0:1:0", "0:1e12:1", "a:b:c", "0:100000"])]
        }
        if g.chance(0.15) { arguments += ["--level", g.choose(["0.9", "0.5"], ["1", "0", "-0.1"])] }
        if g.chance(0.2) {
            arguments += ["--propensity", g.terms(["age", "site", "grp"])]
            if g.chance(0.4) { arguments += ["--estimand", g.choose(["ATE", "att"], ["ATC"])] }
            if g.chance(0.3) { arguments += ["--stabilize"] }
            if g.chance(0.3) { arguments += ["--trim", g.choose(["0.9", "0.99"], ["0.5", "1", "-2", "nan"])] }
            if g.chance(0.2) { arguments += ["--randomised", g.choose(["site"], ["nope", "grp"])] }
        }
        var outputs: [String] = []
        if bootstrapped || g.chance(0.05) {
            if g.chance(0.5) {
                let link = folder.appendingPathComponent("link.csv").path
                try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: data)
                let target = g.pick([folder.appendingPathComponent("replicates.csv").path, data, link, folder.path,
                                     folder.appendingPathComponent("new/dir/r.csv").path,
                                     "./" + folder.lastPathComponent + "/../" + folder.lastPathComponent + "/data.csv"])
                arguments += ["--replicates-out", target]
                outputs.append(target)
            }
        }
        let json = g.chance(0.4)
        if json { arguments.append("--json") }
        return FuzzCase(number: number, arguments: arguments, inputs: [(data, try Data(contentsOf: URL(fileURLWithPath: data)))],
                        folder: folder, expectsJSON: json, command: "cea")
    }

    private static func score(_ g: inout FuzzGenerator, number: Int, folder: URL) throws -> FuzzCase {
        let rows = g.pick([0, 1, 5, 20])
        let arms = [Int](repeating: 0, count: rows)
        let instrument = g.choose(["eq5d-3l", "eq5d-5l", "ghq12", "ascot"], ["sf6d"])
        let items: [String]
        let maximum: Int
        switch instrument {
        case "ghq12": items = (1...12).map { "g\($0)" }; maximum = 4
        case "ascot": items = (1...8).map { "c\($0)" }; maximum = 4
        case "eq5d-3l": items = ["mo", "sc", "ua", "pd", "ad"]; maximum = 3
        default: items = ["mo", "sc", "ua", "pd", "ad"]; maximum = 5
        }
        var columns: [(String, [String])] = [("id", (0..<rows).map { String($0 + 1) })]
        columns += items.map { (g.spelled($0), g.column(kind: .code(maximum), rows: rows, arms: arms)) }
        columns += [("state", g.column(kind: .state, rows: rows, arms: arms)), ("age", g.column(kind: .numeric, rows: rows, arms: arms)),
                    ("sex", (0..<rows).map { _ in g.pick(["male", "female", "m", "f", "", "x"]) })]
        let data = try write(g.csv(columns, rows: rows), "data.csv", folder)
        var inputs = [(data, try Data(contentsOf: URL(fileURLWithPath: data)))]
        var chosen = items
        if g.chance(0.2) { chosen = [g.chance(1 - g.dirtiness) ? "state" : "nope"] }
        if g.chance(g.dirtiness) { chosen.removeLast() }
        var arguments = ["score", instrument, data, "--columns", chosen.joined(separator: ",")]
        // Options of the instrument, and now and then one that does not apply to it.
        let anyOption = g.chance(g.dirtiness)
        let ghq = instrument == "ghq12" || anyOption, ascot = instrument == "ascot" || anyOption
        let eq3 = instrument == "eq5d-3l" || anyOption, eq5 = instrument == "eq5d-5l" || anyOption
        if ghq, g.chance(0.3) { arguments += ["--method", g.choose(["likert", "ghq", "cghq", "modified-likert"], ["x", "tto"])] }
        if eq3, g.chance(0.2) { arguments += ["--method", g.choose(["tto", "vas"], ["x"])] }
        if eq3 || eq5, g.chance(0.3) { arguments += ["--value-set", g.choose(eq3 ? ["UK", "USA"] : ["England", "UK-Rowen-2026"], ["Mars"])] }
        if eq5, g.chance(0.1) { arguments += ["--crosswalk", g.choose(["UK"], ["Mars"])] }
        if ghq, g.chance(0.3) { arguments += ["--prorate-max", g.choose(["0", "2"], ["-1", "13"])] }
        if ghq, g.chance(0.3) { arguments += ["--threshold", g.choose(["4", "2"], ["-1", "1e300", "nan"])] }
        if eq3, g.chance(0.2) { arguments += ["--dsu", "UK", "--age-column", g.choose(["age"], ["nope"]), "--sex-column", "sex"] }
        if ascot, g.chance(0.2) { arguments += ["--expected-columns", items.joined(separator: ",")] }
        if g.chance(0.1) { arguments += ["--name", g.choose(["score"], ["id", "mo", "", "a,b"])] }
        if instrument == "ascot", g.chance(0.5) {
            let weights = folder.appendingPathComponent("weights.csv").path
            let text = "domain,ideal,no_needs,some_needs,high_needs\n"
                + ["control", "cleanliness", "food", "safety", "social", "occupation", "accommodation", "dignity"]
                    .map { "\($0),0.3,0.2,0.1,\(g.chance(0.05) ? "nan" : "0.01")" }.joined(separator: "\n")
                + "\nscale,0.5\nconstant,-0.2\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: weights))
            inputs.append((weights, Data(text.utf8)))
            arguments += ["--weights", weights]
        }
        if g.chance(0.4) {
            let link = folder.appendingPathComponent("link.csv").path
            try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: data)
            var targets = [folder.appendingPathComponent("scored.csv").path, data, link, folder.path]
            if let weights = inputs.dropFirst().first?.0 { targets.append(weights) }
            arguments += ["--out", g.pick(targets)]
        }
        let json = g.chance(0.3)
        if json { arguments.append("--json") }
        if g.chance(0.2) { arguments.append("--quiet") }
        return FuzzCase(number: number, arguments: arguments, inputs: inputs, folder: folder, expectsJSON: json, command: "score")
    }

    // MARK: Running

    static var executable: URL {
        var folder = Bundle(for: BundleMarker.self).bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("phbeval")
    }

    /// Runs the case with stdout and stderr in files (no pipe to fill), killing it after `timeout`.
    func run(timeout: TimeInterval) throws -> Outcome {
        let outURL = folder.appendingPathComponent("stdout.txt"), errURL = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder.deletingLastPathComponent()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                usleep(200_000)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Outcome(status: process.terminationStatus, signaled: !timedOut && process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut,
                       stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                       stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                       inputsAfter: inputs.map { try? Data(contentsOf: URL(fileURLWithPath: $0.path)) })
    }

    // MARK: Checks

    func problems(with o: Outcome) -> [String] {
        var problems: [String] = []
        if o.timedOut { return ["no exit within the time limit (a hang)"] }
        if o.signaled { problems.append("ended by signal \(o.status) (a crash)") }
        else if ![0, 1, 2].contains(o.status) { problems.append("exit status \(o.status), not 0, 1 or 2") }
        for (input, after) in zip(inputs, o.inputsAfter) where after != input.contents {
            problems.append("the input \(input.path) changed")
        }
        if o.status == 1 || o.status == 2 {
            if !o.stderr.hasPrefix("phbeval: ") { problems.append("the message does not start with 'phbeval: '") }
            if o.status == 2, !hasLocation(o.stderr) { problems.append("the exit-2 message names no location (file or --flag)") }
        }
        if o.status == 0 {
            problems += nonFiniteNumbers(in: o.stdout)
            if expectsJSON, !(command == "score" && !arguments.contains("--json")) {
                problems += unexpectedNulls(in: o.stdout)
            }
        }
        if o.stderr.contains("please report") || o.stderr.contains("Fatal error") { problems.append("an internal error reached the user") }
        return problems
    }

    /// `phbeval: FILE…`, `phbeval: --flag…`, `phbeval: standard output…`, or an argument error naming a flag or argument.
    private func hasLocation(_ message: String) -> Bool {
        let rest = message.dropFirst("phbeval: ".count)
        if rest.hasPrefix("--") || rest.hasPrefix("standard output") { return true }
        let paths = arguments.filter { $0.hasPrefix("/") || $0.hasPrefix("./") } + inputs.map(\.path)
        if paths.contains(where: { rest.hasPrefix($0) }) { return true }
        if rest.hasPrefix("Error: ") { return rest.contains("--") || rest.contains("<") || rest.contains("'") }
        return false
    }

    /// `nan` or `inf` standing as a number in a table, a CSV field or a JSON value.
    private func nonFiniteNumbers(in text: String) -> [String] {
        // A bracket counts as a number's context unless it follows a name (a term such as grp[inf]).
        let pattern = #"(?:^|[\s(,:=;]|(?<![A-Za-z0-9_\]`'])\[)[-+]?(?:nan|inf|infinity)(?:$|[\s\]),;])"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .anchorsMatchLines]) else { return [] }
        var checked = text
        if command == "score", !arguments.contains("--json") {
            // The CSV repeats the input's fields as written: look only at the appended score fields.
            checked = text.split(separator: "\n").map { line in line.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? "" }
                .joined(separator: "\n")
        }
        let range = NSRange(checked.startIndex..., in: checked)
        guard let match = regex.firstMatch(in: checked, range: range), let r = Range(match.range, in: checked) else { return [] }
        return ["a non-finite number is printed: \(checked[r].trimmingCharacters(in: .whitespacesAndNewlines))"]
    }

    /// JSON nulls outside the documented "not estimable / not reported / absent" places.
    private func unexpectedNulls(in text: String) -> [String] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return ["stdout is not a JSON document"] }
        let allowed: Set<String>
        switch command {
        case "regress": allowed = ["iterations", "clusters", "terms[].df"]
        case "cea": allowed = ["icer.estimate", "icer.fieller_ci", "bootstrap", "clusters", "vcov", "subgroups[].inb", "subgroups[].note",
                               "weighting", "weighting.trim", "weighting.trim_threshold", "weighting.randomised",
                               "weighting.balance[].smd_unweighted", "weighting.balance[].smd_weighted", "weighting.propensity[].df"]
        default: allowed = ["output", "scores[].n_prorated", "scores[].mean", "scores[].sd", "scores[].min", "scores[].max"]
        }
        var found: [String] = []
        func walk(_ value: Any, _ path: String, aliased: Bool) {
            if value is NSNull {
                if allowed.contains(path) || path.hasPrefix("provenance")
                    || (aliased && (path.hasPrefix("terms[].") || path.hasPrefix("weighting.propensity[]."))) { return }
                found.append("JSON null at \(path)")
            } else if let object = value as? [String: Any] {
                let isAliased = (object["aliased"] as? Bool) == true
                for (key, member) in object { walk(member, path.isEmpty ? key : "\(path).\(key)", aliased: isAliased) }
            } else if let array = value as? [Any] {
                for item in array { walk(item, path + "[]", aliased: aliased) }
            }
        }
        walk(document, "", aliased: false)
        return Array(Set(found)).sorted()
    }

    /// The command line and the input files, to replay the case by hand.
    func reproduction(_ o: Outcome) -> String {
        var text = "status \(o.status)\(o.signaled ? " (signal)" : "")\ncommand: phbeval " + arguments.map { "'\($0)'" }.joined(separator: " ")
        for input in inputs {
            let shown = input.contents.count > 4000 ? input.contents.prefix(4000) : input.contents
            text += "\n--- \(input.path) (\(input.contents.count) bytes):\n" + String(decoding: shown, as: UTF8.self)
        }
        text += "\n--- stderr:\n" + String(o.stderr.prefix(2000)) + "\n--- stdout (start):\n" + String(o.stdout.prefix(2000))
        return text
    }
}

private final class BundleMarker {}
