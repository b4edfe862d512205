import Foundation
import Models
@testable import StatFiles
import Tabular
import XCTest

/// The readers against R's haven on the fixtures of `Fixtures/make_statfile_fixtures.R` (the
/// same synthetic trial as CSV, Stata, SPSS and SAS files; `read_by_haven.json` is what haven's
/// `read_dta`, `read_sav` and `read_sas` return).
final class StatFileReaderTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    nonisolated(unsafe) static let haven: [String: [String: [String: Any]]] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: fixture("read_by_haven.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: [String: [String: Any]]]
    }()

    func read(_ name: String, keepCodes: Bool = false) throws -> Dataset {
        try DataFile.read(path: Self.fixture(name), keepCodes: keepCodes)
    }

    /// Every column's values (codes for labelled variables), variable labels and value labels equal haven's.
    func testColumnsEqualHaven() throws {
        for (key, file) in [("dta", "trial.dta"), ("sav", "trial.sav"), ("sas", "trial.sas7bdat")] {
            let format = StatFileFormat(path: file)!
            let raw = try StatFileReader.read(path: Self.fixture(file), format: format)
            let data = try raw.dataset(source: file, options: StatFileOptions(keepCodes: true))
            let expected = Self.haven[key]!
            XCTAssertEqual(Set(data.columnNames), Set(expected.keys), file)
            for column in data.columns {
                let want = expected[column.name]!
                let values = want["values"] as! [Any]
                XCTAssertEqual(column.count, values.count, "\(file) \(column.name)")
                if want["type"] as! String == "text" {
                    guard case .categorical(let codes, let levels) = column.values else { XCTFail("\(file) \(column.name) not text"); continue }
                    for (i, v) in values.enumerated() {
                        XCTAssertEqual(codes[i] < 0 ? nil : levels[Int(codes[i])], v as? String, "\(file) \(column.name) row \(i + 1)")
                    }
                } else {
                    guard let numbers = column.numbers else { XCTFail("\(file) \(column.name) not numeric"); continue }
                    for (i, v) in values.enumerated() {
                        if let x = v as? Double { XCTAssertEqual(numbers[i], x, "\(file) \(column.name) row \(i + 1)") }
                        else { XCTAssertTrue(column.missing[i], "\(file) \(column.name) row \(i + 1) should be missing") }
                    }
                }
                XCTAssertEqual(column.label, want["label"] as? String, "\(file) \(column.name) label")
                let variable = raw.variables.first { $0.name == column.name }!
                let labels = variable.labelSet.flatMap { raw.labelSets[$0] } ?? []
                var numbered: [String: Double] = [:]
                for l in labels { if case .number(let code) = l.key { numbered[l.label] = code } }
                XCTAssertEqual(numbered, (want["labels"] as? [String: Double]) ?? [:], "\(file) \(column.name) value labels")
            }
        }
    }

    /// The Stata 14+ data block decoder gives exactly ReadStat's cells (values, system and tagged
    /// missing values, strings), and is the path taken for those files.
    func testStataBlockDecoderEqualsReadStat() throws {
        for file in ["trial.dta", "eq5d5l.dta"] {
            let path = Self.fixture(file)
            let decoded = try XCTUnwrap(try StatFileReader.readStataBlock(path: path), file)
            let parsed = try StatFileReader.parse(path: path, format: .stata, rowLimit: nil)
            XCTAssertEqual(decoded.rowCount, parsed.rowCount, file)
            XCTAssertEqual(decoded.variables, parsed.variables, file)
            XCTAssertEqual(decoded.labelSets, parsed.labelSets, file)
            for (j, (a, b)) in zip(decoded.cells, parsed.cells).enumerated() {
                switch (a, b) {
                case (.numeric(let va, let ma), .numeric(let vb, let mb)):
                    XCTAssertEqual(ma, mb, "\(file) \(decoded.variables[j].name) missing")
                    for i in va.indices where ma[i] == .none { XCTAssertEqual(va[i], vb[i], "\(file) \(decoded.variables[j].name) row \(i + 1)") }
                default: XCTAssertEqual(a, b, "\(file) \(decoded.variables[j].name)")
                }
            }
        }
        // Stata 8 (format 113) goes through ReadStat.
        XCTAssertNil(try StatFileReader.readStataBlock(path: Self.fixture("trial_v8.dta")))
    }

    /// A labelled numeric variable is categorical with its labels as levels in the codes' order;
    /// labels on a missing code only leave the variable numeric.
    func testLabelledVariablesBecomeCategorical() throws {
        for file in ["trial.dta", "trial_v8.dta", "trial.sav", "trial.zsav"] {
            let data = try read(file)
            XCTAssertEqual(try data.requireColumn("trt").levels, ["control", "intervention"], file)
            XCTAssertEqual(try data.requireColumn("sex").levels, ["female", "male"], file)
            XCTAssertTrue(try data.requireColumn("cost").isNumeric, file)
            XCTAssertEqual(try data.requireColumn("clinic").levels, ["Hull", "Leeds", "York"], file)
            let kept = try read(file, keepCodes: true)
            XCTAssertEqual(try kept.requireColumn("trt").numbers?.prefix(2), [0, 0], file)
        }
    }

    /// Every format reads to the CSV's values: dates as days since 1970-01-01, labels as text,
    /// every kind of missing value missing.
    func testEveryFormatReadsLikeTheCSV() throws {
        let csv = try read("trial.csv")
        for file in ["trial.dta", "trial_v8.dta", "trial.sav", "trial.zsav", "trial.sas7bdat"] {
            let data = try read(file)
            for name in ["id", "site", "age", "qaly", "cost", "visit"] {
                let a = try csv.requireColumn(name), b = try data.requireColumn(name)
                XCTAssertEqual(a.missing, b.missing, "\(file) \(name) missing cells")
                for i in 0..<a.count where !a.missing[i] {
                    XCTAssertEqual(a.numbers![i], b.numbers![i], accuracy: 1e-9 * max(1, abs(a.numbers![i])), "\(file) \(name) row \(i + 1)")
                }
            }
            guard file != "trial.sas7bdat" else { continue }
            for name in ["trt", "sex", "clinic"] {
                let a = try csv.requireColumn(name), b = try data.requireColumn(name)
                guard case .categorical(let ca, let la) = a.values, case .categorical(let cb, let lb) = b.values else { XCTFail("\(file) \(name)"); continue }
                XCTAssertEqual(ca.map { la[Int($0)] }, cb.map { lb[Int($0)] }, "\(file) \(name)")
            }
        }
    }

    /// Each missing cell keeps its kind, and the row-dropping report names the kinds.
    func testMissingKindsAreNamed() throws {
        let dta = try read("trial.dta")
        var deletion = ListwiseDeletion(rowCount: dta.rowCount)
        deletion.dropMissing(try dta.requireColumn("qaly"))
        deletion.dropMissing(try dta.requireColumn("cost"))
        XCTAssertEqual(deletion.dropped.summary,
                       "9 rows dropped (listwise): 6 missing 'qaly' (2 Stata ., 3 Stata .a, 1 Stata .b), 3 missing 'cost' (3 Stata .c)")
        XCTAssertEqual(deletion.dropped.reasons.map(\.reason), ["missing 'qaly'", "missing 'cost'"])
        let sav = try read("trial.sav")
        var spss = ListwiseDeletion(rowCount: sav.rowCount)
        spss.dropMissing(try sav.requireColumn("cost"))
        XCTAssertEqual(spss.dropped.reasons.first?.kinds, [DroppedRows.Kind(kind: "SPSS user-missing -99 (refused)", rows: 3)])
        XCTAssertEqual(spss.dropped.total, 3)
    }

    /// A truncated or damaged file is an InputError naming the file, never a crash.
    func testTruncatedAndDamagedFilesAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-statfiles-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in ["trial.dta", "trial.sav", "trial.zsav", "trial.sas7bdat"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture(file)))
            for fraction in [0.0, 0.05, 0.3, 0.6, 0.95] {
                let path = directory.appendingPathComponent("cut-\(Int(fraction * 100))-\(file)").path
                try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: path))
                XCTAssertThrowsError(try DataFile.read(path: path), "\(file) cut at \(fraction)") { error in
                    guard let e = error as? InputError else { return XCTFail("\(error)") }
                    let text = e.rendered(naming: { $0.name }); XCTAssertTrue(text.contains(path), text)
                }
            }
        }
    }
}

/// Valid files the first review found mishandled (docs/reviews/2026-12-02-statfiles-weighting.md,
/// findings 1, 2, 3 and 5), built in memory and, where it matters, written and read back.
final class StatFileEdgeCaseTests: XCTestCase {
    func spss(_ variables: [StatFile.Variable], _ cells: [StatFile.Cells], labels: [String: [StatFile.ValueLabel]] = [:]) -> StatFile {
        StatFile(format: .spss, formatVersion: 2, variables: variables, cells: cells, labelSets: labels, rowCount: cells.first.map { c -> Int in
            switch c { case .numeric(let v, _): return v.count; case .text(let t): return t.count }
        } ?? 0)
    }

    /// A user-missing range holding 70,000 distinct values is one kind (no 16-bit overflow).
    func testUserMissingRangeIsOneKind() throws {
        let n = 70_001
        let values = (0..<n).map { $0 == 0 ? 5.0 : -Double($0) }
        let file = spss([StatFile.Variable(name: "c", type: .double, missingRanges: [(-Double.infinity)...(-0.0001)])],
                        [.numeric(values: values, missing: [StatFile.Missing](repeating: .none, count: n))])
        let column = try file.dataset(source: "many.sav").requireColumn("c")
        XCTAssertEqual(column.missing.filter { $0 }.count, n - 1)
        XCTAssertEqual(column.missingKinds?.names, ["SPSS system-missing", "SPSS user-missing LO–-0.0001"])
    }

    /// A value label on a code of 1e20 neither crashes nor stops the labels being levels.
    func testHugeLabelledCode() throws {
        let file = spss([StatFile.Variable(name: "x", type: .double, labelSet: "x")],
                        [.numeric(values: [1, 2, 1e20], missing: [.none, .none, .none])],
                        labels: ["x": [.init(key: .number(1), label: "a"), .init(key: .number(2), label: "b"), .init(key: .number(1e20), label: "not applicable")]])
        XCTAssertEqual(try file.dataset(source: "huge.sav").requireColumn("x").levels, ["a", "b", "not applicable"])
    }

    /// SPSS user-missing strings are missing, named, and written back.
    func testUserMissingStringsAreMissingAndKept() throws {
        var grp = StatFile.Variable(name: "grp", type: .string, storageWidth: 2)
        grp.missingTexts = ["NA"]
        let file = spss([grp, StatFile.Variable(name: "y", type: .double)],
                        [.text(["a", "NA", "b", "NA"]), .numeric(values: [1, 2, 3, 4], missing: [.none, .none, .none, .none])])
        let column = try file.dataset(source: "s.sav").requireColumn("grp")
        XCTAssertEqual(column.missing, [false, true, false, true])
        XCTAssertEqual(column.levels, ["a", "b"])
        XCTAssertEqual(column.missingKinds?.counts(where: column.missing).map(\.name), ["SPSS user-missing \"NA\""])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-spss-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.sav").path
        try Data(try StatFileWriter.bytes(of: file, for: path)).write(to: URL(fileURLWithPath: path))
        let back = try StatFileReader.read(path: path, format: .spss)
        XCTAssertEqual(back.variables[0].missingTexts, ["NA"])
        XCTAssertEqual(try back.dataset(source: path).requireColumn("grp").missing, [false, true, false, true])
    }

    /// A SAS user format whose name starts like a date format is not a date; real ones are.
    func testSASDateFormatsByExactName() {
        let file = StatFile(format: .sas, variables: [], cells: [], rowCount: 0)
        XCTAssertNil(file.dateScale("DAYSF"))
        XCTAssertNil(file.dateScale("YEARGRP5."))
        XCTAssertEqual(file.dateScale("DATE9.")?.offset, StatFile.daysFrom1960)
        XCTAssertEqual(file.dateScale("E8601DA10.")?.divisor, 1)
        XCTAssertEqual(file.dateScale("DATETIME20.")?.divisor, 86_400)
    }

    /// A Stata file is written with strLs for strings longer than 2,045 bytes, and read back.
    func testLongStringsBecomeStrLs() throws {
        let long = String(repeating: "x", count: 3_000)
        let file = StatFile(format: .stata, formatVersion: 118, variables: [StatFile.Variable(name: "note", type: .string, storageWidth: 2045)],
                            cells: [.text([long, "short"])], rowCount: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-strl-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("l.dta").path
        try Data(try StatFileWriter.bytes(of: file, for: path)).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try StatFileReader.read(path: path, format: .stata).cells[0], .text([long, "short"]))
    }
}
