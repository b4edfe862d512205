import Foundation
import PHBEval
import Pipeline
import Report
import Study
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The example study's report: every section, every table number from results.json, every
/// figure valid SVG with axes and data marks, the same bytes for the same seed.
final class StudyReportTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("datasets/examples")

    /// Runs the example (B = 1000 to keep the debug build quick) into a fresh directory.
    static func writeExample(threads: Int? = nil, spec name: String = "study.yaml") throws -> URL {
        let spec = try StudySpec.load(path: Self.examples.appendingPathComponent(name).path,
                                      overrides: [try SpecOverride("analysis.bootstrap.replicates=1000")])
        let results = try StudyPipeline.run(spec, threads: threads)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-report-\(UUID().uuidString)")
        _ = try StudyReport.write(results, to: directory.path, naming: \.name, flags: { "--" + $0.name.replacingOccurrences(of: "_", with: "-") })
        return directory
    }

    /// The example's report, written once for the tests that only read it.
    static let shared: Result<URL, any Error> = Result { try writeExample() }
    func example() throws -> URL { try Self.shared.get() }

    func testEverySectionIsPresentAndCHEERSHasAll28Items() throws {
        let markdown = try String(contentsOf: try example().appendingPathComponent("report.md"), encoding: .utf8)
        for heading in ["Summary of findings", "Background and objectives", "Methods", "Data, attrition and missing data", "Baseline characteristics",
                        "Outcomes", "Costs", "Cost-effectiveness", "Subgroups", "Sensitivity analyses", "CHEERS 2022 checklist",
                        "Funding and conflicts of interest", "Provenance", "Appendix: resolved spec"] {
            XCTAssertTrue(markdown.contains("\n## \(heading)\n"), heading)
        }
        let section = markdown.components(separatedBy: "## CHEERS 2022 checklist")[1].components(separatedBy: "\n## ")[0]
        let items = section.split(separator: "\n").filter { $0.hasPrefix("| ") }.dropFirst().map { $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(items, (1...28).map(String.init))
        // CHEERS 2022 order (not the draft that swaps 7 and 8): 7 Comparators, 8 Perspective, 20 uncertainty.
        XCTAssertTrue(section.contains("| 7 | Comparators |"))
        XCTAssertTrue(section.contains("| 8 | Perspective |"))
        XCTAssertTrue(section.contains("| 20 | Characterising uncertainty |"))
        // Every anchor the checklist points to is a heading of the report.
        let anchors = Set(markdown.split(separator: "\n").filter { $0.hasPrefix("#") }.map { line -> String in
            let heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            return "#" + String(heading.lowercased().unicodeScalars.compactMap { c -> Character? in
                c == " " ? "-" : (c == "-" || c == "_" || CharacterSet.alphanumerics.contains(c)) ? Character(c) : nil
            })
        })
        for link in section.components(separatedBy: "](#").dropFirst() {
            XCTAssertTrue(anchors.contains("#" + link.prefix { $0 != ")" }), String(link.prefix(40)))
        }
        XCTAssertTrue(markdown.contains("statistically significant at the 5% level"))
    }

    /// Every number in a table cell of report.md is a number of results.json, rounded as shown.
    func testEveryTableNumberComesFromResultsJSON() throws {
        let directory = try example()
        let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("results.json")))
        var numbers: [Double] = []
        func collect(_ value: Any) {
            switch value {
            case let n as NSNumber: numbers.append(n.doubleValue)
            case let a as [Any]: a.forEach(collect)
            case let d as [String: Any]: d.values.forEach(collect)
            default: break
            }
        }
        collect(json)
        var shown: [Int: Set<String>] = [:]
        for decimals in 0...3 {
            shown[decimals] = Set(numbers.map { v -> String in
                let s = String(format: "%.\(decimals)f", v)
                return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
            })
        }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var checked = 0
        for (i, line) in lines.enumerated() where line.hasPrefix("| ") {
            guard i + 1 < lines.count, !lines[i + 1].hasPrefix("|---") else { continue }   // a header row
            guard !line.hasPrefix("|---") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
            for cell in cells.dropFirst() {
                var text = cell
                for token in ["£", ","] { text = text.replacingOccurrences(of: token, with: "") }   // -£1,234 is -1234
                for token in ["(", ")", "%", " to ", "missing", ";", "—"] { text = text.replacingOccurrences(of: token, with: " ") }
                guard text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == " " || $0 == "<" }) else { continue }
                for token in text.split(separator: " ") where !token.hasPrefix("<") {
                    let decimals = token.split(separator: ".").count > 1 ? token.split(separator: ".")[1].count : 0
                    XCTAssertTrue(shown[decimals]?.contains(String(token)) ?? false, "\(token) in '\(cell)' (line \(i + 1)) is not a number of results.json")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 400)
    }

    func testEveryFigureIsSVGWithAxesAndDataMarks() throws {
        let directory = try example()
        let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        let linked = markdown.components(separatedBy: "](figures/").dropFirst().map { String($0.prefix { $0 != ")" }) }
        XCTAssertEqual(Set(linked), ["ce-plane.svg", "ceac.svg", "evpi.svg", "subgroups.svg", "outcome-ascot.svg", "outcome-ghq12.svg", "outcome-eq5d.svg"])
        for name in Set(linked) {
            let data = try Data(contentsOf: directory.appendingPathComponent("figures").appendingPathComponent(name))
            let collector = SVGCollector()
            let parser = XMLParser(data: data)
            parser.delegate = collector
            XCTAssertTrue(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
            XCTAssertEqual(collector.root, "svg", name)
            XCTAssertTrue(collector.classes.contains("axis x"), name)
            let marks: Int
            switch name {
            case "ce-plane.svg": marks = collector.elements["circle", default: 0]
                XCTAssertGreaterThanOrEqual(marks, 1000, name)
                XCTAssertTrue(collector.classes.contains("wtp") && collector.classes.contains("quadrant-shares"), name)
            case "subgroups.svg": marks = collector.classCounts["row", default: 0]
                XCTAssertEqual(marks, 14, name)   // 4 conditions + 3 age bands + 2 sexes + 5 deprivation quintiles
            default: marks = collector.elements["path", default: 0]
            }
            XCTAssertGreaterThan(marks, 0, name)
            XCTAssertTrue(collector.texts.contains { $0.contains("GBP") } || name.hasPrefix("outcome"), "\(name) states the currency")
        }
    }

    func testSameSeedGivesByteIdenticalOutputForAnyThreadCount() throws {
        let first = try example(), second = try Self.writeExample(threads: 1)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first.path).sorted()
        XCTAssertEqual(files, try FileManager.default.subpathsOfDirectory(atPath: second.path).sorted())
        XCTAssertGreaterThanOrEqual(files.count, 11)
        for file in files {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: first.appendingPathComponent(file).path, isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            XCTAssertEqual(try Data(contentsOf: first.appendingPathComponent(file)), try Data(contentsOf: second.appendingPathComponent(file)), file)
        }
    }

    func testLongFormatGivesTheWideResults() throws {
        let wide = try JSONSerialization.jsonObject(with: Data(contentsOf: try example().appendingPathComponent("results.json"))) as! [String: Any]
        let long = try JSONSerialization.jsonObject(with: Data(contentsOf: try Self.writeExample(spec: "study-long.yaml").appendingPathComponent("results.json"))) as! [String: Any]
        let (w, l) = (wide["primary"] as! [String: Any], long["primary"] as! [String: Any])
        for key in ["n", "delta_effect", "delta_cost", "icer", "inb"] { XCTAssertEqual(w[key] as? NSObject, l[key] as? NSObject, key) }
        XCTAssertEqual((long["data"] as? [String: Any])?["format"] as? String, "long")
    }
}

/// Counts the elements, classes and text of an SVG document.
final class SVGCollector: NSObject, XMLParserDelegate {
    var root: String?
    var elements: [String: Int] = [:]
    var classes: Set<String> = []
    var classCounts: [String: Int] = [:]
    var texts: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        elements[name, default: 0] += 1
        if let c = attributes["class"] { classes.insert(c); classCounts[c, default: 0] += 1 }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
}
