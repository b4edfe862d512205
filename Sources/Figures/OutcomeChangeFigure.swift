/// Mean outcome by arm over time, each mean with its interval as a vertical bar; one colour per
/// series (Okabe–Ito), a legend when there is more than one, and series set a few pixels apart
/// at each time so that intervals at the same time do not hide each other.
///
/// With at most 12 distinct time points the x axis is ticked at them, otherwise by `AxisTicks.extended`.
/// A point with a non-finite time or mean is skipped (and breaks the line); an interval with a
/// non-finite bound is not drawn.
public struct OutcomeChangeFigure: Figure, Sendable {
    public struct Point: Sendable {
        let time: Double
        let mean: Double
        let lower: Double
        let upper: Double

        public init(time: Double, mean: Double, lower: Double, upper: Double) {
            self.time = time
            self.mean = mean
            self.lower = lower
            self.upper = upper
        }
    }

    public struct Series: Sendable {
        let label: String
        let points: [Point]

        public init(label: String, points: [Point]) {
            self.label = label
            self.points = points
        }
    }

    /// Up to this many distinct time points the x ticks are the time points themselves.
    static let markedTimesLimit = 12
    /// The horizontal distance between neighbouring series at one time, in px.
    static let dodge = 8.0

    let series: [Series]
    let xLabel: String
    let yLabel: String

    public init(series: [Series], xLabel: String, yLabel: String) {
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    public var svg: String {
        let points = series.flatMap { $0.points.filter { $0.time.isFinite && $0.mean.isFinite } }
        let bounds = points.flatMap { [$0.lower, $0.upper] }
        let times = points.map(\.time)
        let distinctTimes = Set(times).count
        guard let x = AxisLayout(values: times, marks: distinctTimes <= Self.markedTimesLimit ? times : nil), let y = AxisLayout(values: points.map(\.mean) + bounds)
        else { return FigureParts.noData(title: nil, xTitle: xLabel, yTitle: yLabel) }

        let legend = Legend(entries: series.count > 1
            ? series.enumerated().map { .init(key: .line(color: Palette.series($0.offset), dash: nil, marker: true), label: $0.element.label) }
            : [])
        let legendWidth = Style.width - 2 * Style.edge
        let top = Style.edge + legend.height(width: legendWidth) + Style.gap
        let left = CartesianAxes.leftMargin(for: y)
        let plot = Rect(x: left, y: top, width: Style.width - left - Style.edge - 8,
                        height: Style.height - top - CartesianAxes.bottomMargin)
        let axes = CartesianAxes(x: x, y: y, plot: plot)
        let xs = axes.xScale, ys = axes.yScale

        var canvas = SVGCanvas(width: Style.width, height: Style.height)
        legend.draw(on: &canvas, x: Style.edge, top: Style.edge, width: legendWidth)
        axes.drawGrid(on: &canvas, vertical: true, horizontal: true)
        for (index, series) in series.enumerated() {
            let color = Palette.series(index)
            let shift = (Double(index) - Double(self.series.count - 1) / 2) * Self.dodge
            canvas.beginGroup("class=\"series\" stroke=\"\(color)\" fill=\"\(color)\"")
            let runs = Geometry.runs(series.points) { (x: $0.time, y: $0.mean) }
            canvas.polyline(runs.map { $0.map { (xs($0.x) + shift, ys($0.y)) } }, attributes: "stroke-width=\"2\"")
            for point in series.points where point.time.isFinite && point.mean.isFinite {
                let px = xs(point.time) + shift
                if point.lower.isFinite && point.upper.isFinite {
                    canvas.beginGroup("class=\"interval\" stroke-width=\"1.5\"")
                    canvas.line(px, ys(point.lower), px, ys(point.upper))
                    canvas.line(px - 4, ys(point.lower), px + 4, ys(point.lower))
                    canvas.line(px - 4, ys(point.upper), px + 4, ys(point.upper))
                    canvas.endGroup()
                }
                canvas.circle(px, ys(point.mean), radius: 3.5, extra: " stroke=\"none\"")
            }
            canvas.endGroup()
        }
        axes.drawXAxis(on: &canvas, title: xLabel)
        axes.drawYAxis(on: &canvas, title: yLabel)
        return canvas.document
    }
}
