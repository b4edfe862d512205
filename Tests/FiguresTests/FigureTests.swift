@testable import Figures
import Foundation
import TestSupport
import XCTest

/// Every figure: well-formed XML with its axes and the expected number of data marks, the same
/// bytes on every call, text escaped and measured, non-finite values skipped, "No data" when empty.
final class FigureTests: XCTestCase {
    static let replicates: [(effect: Double, cost: Double)] = [
        (0.05, 1000), (-0.02, 500), (0.03, -200), (-0.01, -300), (0.04, 800), (.nan, 10), (0.01, .infinity),
    ]

    static var cePlane: CEPlaneFigure {
        CEPlaneFigure(replicates: replicates, estimate: (0.02, 400), lambda: 20000,
                      effectLabel: "Incremental effect (ASCOT SCRQoL)", costLabel: "Incremental cost (GBP, 2011 prices)",
                      effectUnit: "QALY")
    }

    static let lambdas: [Double] = stride(from: 0.0, through: 50000, by: 5000).map { $0 }

    static var ceac: CEACFigure {
        CEACFigure(lambdas: lambdas, probabilities: lambdas.map { $0 == 25000 ? .nan : $0 / 60000 },
                   xLabel: "Willingness to pay per QALY (GBP)", headline: [20000, 30000, 90000])
    }

    static var evpi: EVPIFigure {
        EVPIFigure(lambdas: lambdas, evpi: lambdas.map { 100 - abs($0 - 25000) / 500 }, xLabel: "λ (GBP per QALY)", yLabel: "EVPI (GBP)")
    }

    static var forest: ForestPlotFigure {
        ForestPlotFigure(rows: [
            .init(label: "All", estimate: 0.03, lower: 0.01, upper: 0.05, note: "n = 1,000"),
            .init(label: "Mental health", estimate: 0.05, lower: -0.01, upper: 0.11, note: "p(interaction) = 0.21"),
            .init(label: "Dementia", estimate: .nan, lower: .nan, upper: .nan),
            .init(label: "Over 65", estimate: -0.01, lower: .infinity, upper: 0.02),
        ], xLabel: "Difference in ASCOT SCRQoL", title: "Subgroups")
    }

    static var outcome: OutcomeChangeFigure {
        OutcomeChangeFigure(series: [
            .init(label: "PHB", points: [.init(time: 0, mean: 0.6, lower: 0.58, upper: 0.62), .init(time: 12, mean: 0.66, lower: 0.63, upper: 0.69)]),
            .init(label: "Usual care", points: [.init(time: 0, mean: 0.6, lower: 0.58, upper: 0.62), .init(time: 6, mean: .nan, lower: 0, upper: 1),
                                                .init(time: 12, mean: 0.62, lower: .nan, upper: 0.65)]),
        ], xLabel: "Months", yLabel: "Mean ASCOT SCRQoL")
    }

    static var love: LovePlotFigure {
        LovePlotFigure(rows: [
            .init(term: "age", unweighted: 0.2, weighted: 0.05, binary: false),
            .init(term: "female", unweighted: -0.3, weighted: 0.01, binary: true),
            .init(term: "budget", unweighted: .nan, weighted: 0.02, binary: false),
        ])
    }

    static var convergence: ConvergenceFigure {
        ConvergenceFigure(variables: [
            .init(name: "ascot12", means: [[1, 1.1, 0.9], [1.05, 0.95, .nan]], standardDeviations: [[0.2, 0.21, 0.19], [0.2, 0.2, 0.2]]),
            .init(name: "cost12", means: [[300, 310, 305], [290, 300, 295]], standardDeviations: [[50, 52, 49], [51, 50, 50]]),
        ])
    }

    static var all: [(String, Figure)] {
        [("ce-plane", cePlane), ("ceac", ceac), ("evpi", evpi), ("forest", forest), ("outcome", outcome), ("love", love),
         ("convergence", convergence)]
    }

    func testEveryFigureIsDeterministicWellFormedAndFinite() throws {
        for (name, figure) in Self.all {
            let svg = figure.svg
            XCTAssertEqual(svg, figure.svg, name)
            XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), name)
            XCTAssertTrue(svg.hasSuffix("</svg>\n"), name)
            for bad in ["nan", "inf", "NaN", "-0 ", "\"-0\""] { XCTAssertFalse(svg.contains(bad), "\(name) contains \(bad)") }
            let document = try SVGInspection(svg)
            XCTAssertTrue(document.hasGroup("axis x"), name)
            XCTAssertFalse(document.texts.isEmpty, name)
        }
    }

    func testEveryTextCarriesItsFixedWidth() throws {
        for (name, figure) in Self.all {
            for text in try SVGInspection(figure.svg).texts {
                XCTAssertEqual(text.attributes["lengthAdjust"], "spacingAndGlyphs", name)
                let size = try XCTUnwrap(Double(text.attributes["font-size"] ?? ""))
                let length = try XCTUnwrap(Double(text.attributes["textLength"] ?? ""), "\(name): \(text.text)")
                XCTAssertEqual(length, TextMetrics.width(text.text, fontSize: size), accuracy: 0.005, "\(name): \(text.text)")
            }
        }
    }

    func testCEPlaneMarksSharesAndLabels() throws {
        let figure = Self.cePlane
        let document = try SVGInspection(figure.svg)
        XCTAssertTrue(document.hasGroup("axis y"))
        XCTAssertEqual(document.count("circle", inGroup: "replicates"), 5)
        XCTAssertEqual(document.count("circle", inGroup: "estimate"), 1)
        XCTAssertEqual(document.count("line", inGroup: "wtp"), 1)
        XCTAssertEqual(document.count("polygon", inGroup: "cost-effective-region"), 1)
        XCTAssertEqual(figure.quadrantShares, [40, 20, 20, 20])
        let texts = document.texts.map(\.text)
        XCTAssertEqual(Set(texts).intersection(["NE 40.0%", "NW 20.0%", "SE 20.0%", "SW 20.0%"]).count, 4)
        XCTAssertTrue(texts.contains("λ = £20,000 per QALY"))
        XCTAssertTrue(texts.contains("Corner percentages: share of the 5 bootstrap replicates in each quadrant."))
        XCTAssertTrue(texts.contains("Incremental cost (GBP, 2011 prices)"))
    }

    func testCEPlaneWithoutReplicatesAndWithManyThinnedDeterministically() throws {
        let single = CEPlaneFigure(replicates: [], estimate: (0.01, 100), lambda: 30000, effectLabel: "E", costLabel: "C")
        let document = try SVGInspection(single.svg)
        XCTAssertEqual(document.count("circle", inGroup: "replicates"), 0)
        XCTAssertEqual(document.count("circle", inGroup: "estimate"), 1)
        XCTAssertEqual(single.quadrantShares, [])
        XCTAssertTrue(document.texts.contains { $0.text == "λ = £30,000 per unit of effect" })

        var many: [(effect: Double, cost: Double)] = []
        for index in 0..<25_000 {
            let effect = Double(index % 100) / 100 - 0.3
            let cost = Double(index % 37) - 10
            many.append((effect, cost))
        }
        let thinned = CEPlaneFigure(replicates: many, estimate: (0, 0), lambda: 1000, effectLabel: "E", costLabel: "C")
        let svg = thinned.svg
        let big = try SVGInspection(svg)
        XCTAssertEqual(big.count("circle", inGroup: "replicates"), 8334)
        XCTAssertTrue(big.texts.contains { $0.text == "1 in 3 replicates plotted (8,334 of 25,000)." })
        XCTAssertLessThan(svg.utf8.count, 400_000)
        XCTAssertEqual(svg, thinned.svg)
    }

    func testCEACAndEVPI() throws {
        let ceac = try SVGInspection(Self.ceac.svg)
        XCTAssertTrue(ceac.hasGroup("axis y"))
        XCTAssertEqual(ceac.count("path", inGroup: "series"), 1)
        let path = try XCTUnwrap(ceac.elements.first { $0.name == "path" && $0.groups.contains("series") }?.attributes["d"])
        XCTAssertEqual(path.filter { $0 == "M" }.count, 2, "the curve breaks at the skipped λ")
        XCTAssertEqual(path.filter { $0 == "L" }.count, 8)
        XCTAssertEqual(ceac.count("line", inGroup: "guides"), 2, "the guide beyond the grid is not drawn")
        let texts = ceac.texts.map(\.text)
        XCTAssertTrue(texts.contains("λ = 20,000") && texts.contains("λ = 30,000"))
        XCTAssertTrue(texts.contains { $0.hasPrefix("Probability that the intervention is cost-effective (INB > 0)") })
        XCTAssertEqual(Array(texts.filter { ["0.00", "0.25", "0.50", "0.75", "1.00"].contains($0) }), ["0.00", "0.25", "0.50", "0.75", "1.00"])

        let evpi = try SVGInspection(Self.evpi.svg)
        XCTAssertEqual(evpi.count("path", inGroup: "series"), 1)
        XCTAssertTrue(evpi.texts.contains { $0.text == "EVPI (GBP)" })
    }

    func testForestPlotRowsNotesAndMargins() throws {
        let document = try SVGInspection(Self.forest.svg)
        XCTAssertEqual(document.count("rect", inGroup: "row"), 3)
        XCTAssertEqual(document.count("line", inGroup: "row"), 2, "the interval with an infinite bound is not drawn")
        XCTAssertEqual(document.count("line", inGroup: "reference"), 1)
        let texts = document.texts.map(\.text)
        for expected in ["Subgroups", "All", "Dementia", "not estimable", "n = 1,000", "p(interaction) = 0.21"] {
            XCTAssertTrue(texts.contains(expected), expected)
        }
        // A label longer than the page widens the canvas, and no label starts left of the edge.
        let long = String(repeating: "Very long subgroup label ", count: 12)
        let wide = ForestPlotFigure(rows: [.init(label: long, estimate: 1, lower: 0, upper: 2)], xLabel: "x")
        let wideDocument = try SVGInspection(wide.svg)
        let root = try XCTUnwrap(wideDocument.elements.first)
        let canvasWidth = try XCTUnwrap(Double(root.attributes["width"] ?? ""))
        let label = try XCTUnwrap(wideDocument.texts.first { $0.text == long })
        let labelEnd = try XCTUnwrap(Double(label.attributes["x"] ?? ""))
        XCTAssertGreaterThan(labelEnd - TextMetrics.width(long, fontSize: 12), 0)
        XCTAssertGreaterThanOrEqual(canvasWidth - labelEnd, ForestPlotFigure.minimumPlotWidth)
    }

    func testOutcomeChangeLegendIntervalsAndTimeTicks() throws {
        let document = try SVGInspection(Self.outcome.svg)
        XCTAssertEqual(document.count("circle", inGroup: "series"), 4, "the point with a NaN mean is skipped")
        XCTAssertEqual(document.count("g", inGroup: "series") , 3, "no interval where a bound is NaN")
        XCTAssertEqual(document.count("text", inGroup: "legend"), 2)
        XCTAssertEqual(document.texts.filter { $0.groups.contains("axis x") }.map(\.text), ["0", "12", "Months"])
        let one = OutcomeChangeFigure(series: [.init(label: "only", points: [.init(time: 0, mean: 1, lower: 0, upper: 2)])], xLabel: "t", yLabel: "y")
        XCTAssertEqual(try SVGInspection(one.svg).count("text", inGroup: "legend"), 0, "no legend for a single series")
    }

    func testLovePlotOrderStarsAndThreshold() throws {
        let document = try SVGInspection(Self.love.svg)
        let labels = document.texts.filter { $0.groups.contains("rows") }.map(\.text)
        XCTAssertEqual(labels, ["female*", "age", "budget"])
        XCTAssertEqual(document.count("circle", inGroup: "unweighted"), 2)
        XCTAssertEqual(document.count("circle", inGroup: "weighted"), 3)
        XCTAssertEqual(document.count("line", inGroup: "threshold"), 1)
        XCTAssertTrue(document.texts.contains { $0.text == LovePlotFigure.binaryNote })
        XCTAssertTrue(document.texts.contains { $0.text == "Threshold 0.1" })
    }

    func testConvergencePanelsChainsAndLegendLimit() throws {
        let document = try SVGInspection(Self.convergence.svg)
        XCTAssertEqual(document.count("g", inGroup: nil) > 0, true)
        XCTAssertEqual(document.elements.filter { $0.name == "g" && $0.attributes["class"] == "panel" }.count, 4)
        XCTAssertEqual(document.count("path", inGroup: "chain"), 8)
        XCTAssertEqual(document.count("text", inGroup: "legend"), 2)
        XCTAssertTrue(document.texts.contains { $0.text == "ascot12: mean" } && document.texts.contains { $0.text == "cost12: SD" })

        let many = ConvergenceFigure(variables: [.init(name: "x", means: (0..<50).map { [Double($0), 1] }, standardDeviations: (0..<50).map { _ in [1, 2] })])
        let manyDocument = try SVGInspection(many.svg)
        XCTAssertEqual(manyDocument.count("text", inGroup: "legend"), 0)
        XCTAssertTrue(manyDocument.texts.contains { $0.text == "50 chains, one line each." })
        XCTAssertEqual(manyDocument.count("path", inGroup: "chain"), 100)
    }

    func testEmptyOrAllNonFiniteInputsSayNoData() throws {
        let empty: [Figure] = [
            CEPlaneFigure(replicates: [(.nan, 1)], estimate: (.nan, .nan), lambda: 20000, effectLabel: "E", costLabel: "C"),
            CEACFigure(lambdas: [], probabilities: [], xLabel: "λ"),
            CEACFigure(lambdas: [1, 2], probabilities: [.nan, .infinity], xLabel: "λ"),
            EVPIFigure(lambdas: [], evpi: [], xLabel: "λ", yLabel: "EVPI"),
            ForestPlotFigure(rows: [], xLabel: "x"),
            OutcomeChangeFigure(series: [], xLabel: "t", yLabel: "y"),
            LovePlotFigure(rows: []),
            ConvergenceFigure(variables: []),
            ConvergenceFigure(variables: [.init(name: "x", means: [[.nan]], standardDeviations: [])]),
        ]
        for figure in empty {
            let document = try SVGInspection(figure.svg)
            XCTAssertEqual(document.texts.filter { $0.attributes["class"] == "no-data" }.map(\.text), ["No data"])
        }
        // Rows that are all not estimable keep their labels instead.
        let unestimable = ForestPlotFigure(rows: [.init(label: "a", estimate: .nan, lower: 0, upper: 1)], xLabel: "x")
        XCTAssertEqual(try SVGInspection(unestimable.svg).texts.filter { $0.groups.contains("rows") }.map(\.text), ["a", "not estimable"])
    }

    func testTextIsEscapedAndControlCharactersDropped() throws {
        let label = "A & B < C > D \"quoted\" 'single'\u{1}"
        let figure = ForestPlotFigure(rows: [.init(label: label, estimate: 1, lower: 0, upper: 2, note: "<n>")], xLabel: "x & y", title: "T\"")
        let svg = figure.svg
        XCTAssertTrue(svg.contains("A &amp; B &lt; C &gt; D &quot;quoted&quot; &apos;single&apos;</text>"))
        XCTAssertFalse(svg.contains("\u{1}"))
        let texts = try SVGInspection(svg).texts.map(\.text)
        XCTAssertTrue(texts.contains("A & B < C > D \"quoted\" 'single'"))
        XCTAssertTrue(texts.contains("<n>") && texts.contains("x & y") && texts.contains("T\""))
    }

    func testOverlongAxisTitlesAreSetSmallerThenSqueezedToThePlot() throws {
        let long = String(repeating: "Incremental cost in pounds sterling ", count: 8)
        let document = try SVGInspection(EVPIFigure(lambdas: [0, 1], evpi: [1, 2], xLabel: long, yLabel: "y").svg)
        let title = try XCTUnwrap(document.texts.first { $0.text == long })
        XCTAssertEqual(title.attributes["font-size"], "9")
        let length = try XCTUnwrap(Double(title.attributes["textLength"] ?? ""))
        XCTAssertLessThan(length, 720 - 2 * 12)
        XCTAssertLessThan(length, TextMetrics.width(long, fontSize: 9))
    }

    func testCloseGuidesStackTheirLabelsAndNegativeLambdaKeepsItsSignFirst() throws {
        let lambdas = (0...100).map(Double.init)
        let figure = CEACFigure(lambdas: lambdas, probabilities: lambdas.map { $0 / 100 }, xLabel: "λ", headline: [20, 21, 22, 99])
        let document = try SVGInspection(figure.svg)
        let labels = document.texts.filter { $0.groups.contains("guides") }
        XCTAssertEqual(labels.map(\.text), ["λ = 20", "λ = 21", "λ = 99"], "the third close label has no row left")
        XCTAssertEqual(document.count("line", inGroup: "guides"), 4)
        XCTAssertNotEqual(labels[0].attributes["y"], labels[1].attributes["y"])
        XCTAssertEqual(labels[0].attributes["y"], labels[2].attributes["y"])
        let plane = CEPlaneFigure(replicates: [], estimate: (1, 1), lambda: -500, effectLabel: "E", costLabel: "C")
        XCTAssertEqual(plane.lambdaLabel, "λ = -£500 per unit of effect")
    }

    func testIterationTicksAreWholeNumbers() {
        XCTAssertEqual(ConvergenceFigure.iterationTicks(1), [1])
        XCTAssertEqual(ConvergenceFigure.iterationTicks(5), [1, 2, 3, 4, 5])
        XCTAssertEqual(ConvergenceFigure.iterationTicks(0), [])
        XCTAssertTrue(ConvergenceFigure.iterationTicks(37).allSatisfy { $0 == $0.rounded() && $0 >= 0 })
    }

    func testLabelThinningKeepsLabelsApart() {
        // Five labels 40 px wide, 30 px apart, must be thinned to every second.
        XCTAssertEqual(CartesianAxes.labelStride(positions: [0, 30, 60, 90, 120], extents: [40, 40, 40, 40, 40]), 2)
        XCTAssertEqual(CartesianAxes.labelStride(positions: [0, 100, 200], extents: [40, 40, 40]), 1)
        XCTAssertEqual(CartesianAxes.labelStride(positions: [0, 1, 2], extents: [40, 40, 40]), 3)
    }

    func testNumberFormattingIsFixedAndSignless() {
        XCTAssertEqual(SVGNumber.coordinate(12.345), "12.35")
        XCTAssertEqual(SVGNumber.coordinate(3.0), "3")
        XCTAssertEqual(SVGNumber.coordinate(-0.001), "0")
        XCTAssertEqual(SVGNumber.coordinate(-2.5), "-2.5")
        XCTAssertEqual(SVGNumber.coordinate(123.456, decimals: 1), "123.5")
        XCTAssertEqual(SVGNumber.fixed(1234567.891, decimals: 2, grouping: true), "1,234,567.89")
        XCTAssertEqual(SVGNumber.fixed(-0.004, decimals: 2, grouping: false), "0.00")
        XCTAssertEqual(SVGNumber.fixed(1e300, decimals: 0, grouping: true), "1e+300")
        XCTAssertEqual(TextMetrics.width("0", fontSize: 10), 5.56, accuracy: 1e-12)
        XCTAssertEqual(TextMetrics.width("λ = £20,000", fontSize: 1000), 5254, "λ 500, space 278, = 584, space 278, £ 556, five digits 556, comma 278")
    }
}
