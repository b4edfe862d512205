/// Sizes shared by every figure: a 720 × 480 page-width canvas and 12–16 px text.
enum Style {
    static let width = 720.0
    static let height = 480.0
    static let tickFont = 12.0
    static let labelFont = 14.0
    static let titleFont = 16.0
    static let noteFont = 12.0
    static let tickLength = 5.0
    /// The gap between a piece of text and what it labels.
    static let gap = 6.0
    /// The outer margin of the canvas.
    static let edge = 12.0
}

/// A rectangle in canvas pixels (y grows downwards).
struct Rect {
    var x: Double, y: Double, width: Double, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// A linear map from a data interval onto a pixel interval (reversed for y).
struct LinearScale {
    let low: Double, high: Double
    let start: Double, end: Double

    func callAsFunction(_ value: Double) -> Double {
        high == low ? (start + end) / 2 : start + (value - low) / (high - low) * (end - start)
    }
}

/// One axis: its domain, its ticks (by `AxisTicks.extended`) and their labels.
///
/// The domain is the data's range padded by 5% on each side (ggplot2's default expansion) and
/// ticks outside it are dropped; a `fixed` domain (such as [0, 1] for probabilities) is used as
/// given. When the data are a single value the domain is that of Heckbert's ticks around it.
/// `marks` replaces the extended ticks by given values (the time points of an outcome figure).
struct AxisLayout {
    let low: Double, high: Double
    let ticks: [Double]
    let labels: [String]

    /// nil when no value is finite.
    init?(values: [Double], fixed: (low: Double, high: Double)? = nil, count: Int = 5, padding: Double = 0.05,
          marks: [Double]? = nil) {
        if let fixed {
            low = fixed.low
            high = fixed.high
        } else {
            let finite = values.filter(\.isFinite)
            guard var lower = finite.min(), var upper = finite.max() else { return nil }
            let span = upper - lower
            if span > 0 && span.isFinite && span > max(lower.magnitude, upper.magnitude) * 1e-12 {
                lower -= span * padding
                upper += span * padding
            } else {
                let around = AxisTicks.heckbert(lower, upper, count: count)
                lower = around.first ?? lower - 1
                upper = around.last ?? upper + 1
            }
            low = lower
            high = upper
        }
        if let marks {
            var distinct: [Double] = []
            for mark in marks.sorted() where mark.isFinite && mark >= low && mark <= high && distinct.last != mark { distinct.append(mark) }
            ticks = distinct
        } else {
            ticks = AxisTicks.extended(low, high, count: count, onlyInside: true)
        }
        labels = AxisTicks.labels(ticks)
    }

    /// The widest tick label at the tick font size.
    var widestLabel: Double { labels.map { TextMetrics.width($0, fontSize: Style.tickFont) }.max() ?? 0 }

    func scale(_ start: Double, _ end: Double) -> LinearScale { LinearScale(low: low, high: high, start: start, end: end) }
}

/// A pair of axes drawn around a plotting rectangle, with light grid lines at the ticks.
struct CartesianAxes {
    let x: AxisLayout
    let y: AxisLayout
    let plot: Rect
    var xScale: LinearScale { x.scale(plot.x, plot.maxX) }
    var yScale: LinearScale { y.scale(plot.maxY, plot.y) }

    /// The left margin a y axis needs: its title, the widest tick label and the tick.
    static func leftMargin(for y: AxisLayout, hasTitle: Bool = true) -> Double {
        Style.edge + (hasTitle ? Style.labelFont + Style.gap : 0) + y.widestLabel + Style.gap + Style.tickLength
    }

    /// The bottom margin an x axis needs below the plot: tick, tick labels, title.
    static let bottomMargin = Style.tickLength + Style.gap + Style.tickFont + Style.gap + Style.labelFont + Style.edge

    /// Draws the grid (class "grid"), then each axis (class "axis x" / "axis y").
    func draw(on canvas: inout SVGCanvas, xTitle: String, yTitle: String) {
        drawGrid(on: &canvas, vertical: true, horizontal: true)
        drawXAxis(on: &canvas, title: xTitle)
        drawYAxis(on: &canvas, title: yTitle)
    }

    /// Light grid lines at the x ticks (`vertical`) and y ticks (`horizontal`), class "grid".
    func drawGrid(on canvas: inout SVGCanvas, vertical: Bool, horizontal: Bool) {
        let xs = xScale, ys = yScale
        canvas.beginGroup("class=\"grid\" stroke=\"\(Palette.grid)\" stroke-width=\"1\"")
        if vertical { for tick in x.ticks { canvas.line(xs(tick), plot.y, xs(tick), plot.maxY) } }
        if horizontal { for tick in y.ticks { canvas.line(plot.x, ys(tick), plot.maxX, ys(tick)) } }
        canvas.endGroup()
    }

    /// The x axis (class "axis x"): line, ticks, labels (every k-th when they would collide, k the
    /// least that keeps them apart) and the title below (none when `title` is empty).
    func drawXAxis(on canvas: inout SVGCanvas, title: String) {
        let xs = xScale
        canvas.beginGroup("class=\"axis x\"")
        canvas.beginGroup("stroke=\"\(Palette.axis)\" stroke-width=\"1\"")
        canvas.line(plot.x, plot.maxY, plot.maxX, plot.maxY)
        for tick in x.ticks { canvas.line(xs(tick), plot.maxY, xs(tick), plot.maxY + Style.tickLength) }
        canvas.endGroup()
        let stride = Self.labelStride(positions: x.ticks.map { xs($0) }, extents: x.labels.map { TextMetrics.width($0, fontSize: Style.tickFont) })
        for (index, tick) in x.ticks.enumerated() {
            if index % stride == 0 {
                canvas.text(x.labels[index], x: xs(tick), y: plot.maxY + Style.tickLength + Style.gap / 2 + Style.tickFont,
                            size: Style.tickFont, anchor: .middle)
            }
        }
        canvas.text(title, x: plot.x + plot.width / 2, y: plot.maxY + Style.tickLength + Style.gap + Style.tickFont + Style.gap + Style.labelFont,
                    size: Style.labelFont, anchor: .middle, maxWidth: plot.width)
        canvas.endGroup()
    }

    /// The y axis (class "axis y"): line, ticks, labels (thinned like the x axis's) and the title
    /// turned upright at the left (none when `title` is empty).
    func drawYAxis(on canvas: inout SVGCanvas, title: String) {
        let ys = yScale
        canvas.beginGroup("class=\"axis y\"")
        canvas.beginGroup("stroke=\"\(Palette.axis)\" stroke-width=\"1\"")
        canvas.line(plot.x, plot.y, plot.x, plot.maxY)
        for tick in y.ticks { canvas.line(plot.x - Style.tickLength, ys(tick), plot.x, ys(tick)) }
        canvas.endGroup()
        let stride = Self.labelStride(positions: y.ticks.map { ys($0) }, extents: y.ticks.map { _ in Style.tickFont })
        for (index, tick) in y.ticks.enumerated() {
            if index % stride == 0 {
                canvas.text(y.labels[index], x: plot.x - Style.tickLength - Style.gap / 2, y: ys(tick) + Style.tickFont * 0.35,
                            size: Style.tickFont, anchor: .end)
            }
        }
        let titleX = plot.x - Style.tickLength - Style.gap - y.widestLabel - Style.gap
        canvas.text(title, x: titleX, y: plot.y + plot.height / 2, size: Style.labelFont, anchor: .middle, rotation: -90, maxWidth: plot.height)
        canvas.endGroup()
    }

    /// The least k such that labels at every k-th position, each `extents` wide (along the axis)
    /// and centred on its position, are at least `Style.gap` apart.
    static func labelStride(positions: [Double], extents: [Double]) -> Int {
        guard positions.count > 1 else { return 1 }
        for stride in 1..<positions.count {
            var fits = true
            var index = 0
            while index + stride < positions.count {
                let distance = (positions[index + stride] - positions[index]).magnitude
                if distance < (extents[index] + extents[index + stride]) / 2 + Style.gap { fits = false; break }
                index += stride
            }
            if fits { return stride }
        }
        return positions.count
    }
}

/// Text laid out in lines no wider than a given width, breaking at spaces.
enum TextLayout {
    /// The words of `text` in lines at most `width` px wide at `size` (a longer word stands alone).
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if current.isEmpty || TextMetrics.width(candidate, fontSize: size) <= width {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
