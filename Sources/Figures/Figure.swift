/// A figure the project draws itself: `svg` is a complete standalone SVG 1.1 document.
///
/// Every figure is deterministic: the same inputs give a byte-identical string on every platform
/// (numbers are formatted by `SVGNumber`, text widths come from `TextMetrics`' fixed table and are
/// pinned with `textLength`, as svglite's `fix_text_size` does; r-lib/svglite `src/devSVG.cpp`).
/// Non-finite inputs are skipped, never printed; a figure without data says "No data".
public protocol Figure {
    /// The complete SVG document, starting with `<svg` and ending with `</svg>\n`.
    var svg: String { get }
}
