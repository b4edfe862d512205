import Parallelism
/// Where a ``CSVChunk`` starts and ends.
struct ChunkPlan {
    var range: Range<Int>
    /// The physical line at `range.lowerBound`.
    var firstLine: Int
    /// The number of `\n` bytes in `range`, an upper bound on its records less one.
    var lineFeeds: Int
}

extension CSVReader {
    /// Splits the records in `region` into at most `count` chunks of about equal size.
    ///
    /// The region is cut into `count` equal segments whose quotes and line feeds are counted in
    /// parallel. A chunk then starts after the first line feed at or after a segment's start that
    /// lies outside quotes: in well-formed CSV, a position is inside a quoted field exactly when an
    /// odd number of quotes precede it in the region (every quoted field holds an even number,
    /// doubled quotes included). In malformed input the cut may be wrong, but then the earlier
    /// chunk meets the malformation first and its error is the one reported, the same as a
    /// sequential parse would report.
    static func planChunks(_ bytes: UnsafePointer<UInt8>, _ region: Range<Int>, firstLine: Int, count: Int) -> [ChunkPlan] {
        let counter = ByteCounter(bytes: bytes)
        let segmentStarts = (0..<count).map { region.lowerBound + region.count / count * $0 }
        let segmentCounts = Parallel.map(count) { k in
            counter.count(segmentStarts[k] ..< (k + 1 < count ? segmentStarts[k + 1] : region.upperBound))
        }
        var starts = [region.lowerBound]
        var lineFeedsBeforeStart = [0]
        var quotesBefore = 0
        var lineFeedsBefore = 0
        for k in stride(from: 1, to: count, by: 1) {
            quotesBefore += segmentCounts[k - 1].quotes
            lineFeedsBefore += segmentCounts[k - 1].lineFeeds
            guard let (start, lineFeeds) = counter.recordStart(from: segmentStarts[k], to: region.upperBound,
                                                                insideQuotes: quotesBefore % 2 == 1) else { break }
            if start > starts[starts.count - 1], start < region.upperBound {
                starts.append(start)
                lineFeedsBeforeStart.append(lineFeedsBefore + lineFeeds)
            }
        }
        starts.append(region.upperBound)
        lineFeedsBeforeStart.append(segmentCounts.reduce(0) { $0 + $1.lineFeeds })
        return (0 ..< starts.count - 1).map { k in
            ChunkPlan(range: starts[k] ..< starts[k + 1], firstLine: firstLine + lineFeedsBeforeStart[k],
                      lineFeeds: lineFeedsBeforeStart[k + 1] - lineFeedsBeforeStart[k])
        }
    }
}

/// Counts the bytes that matter for splitting CSV text: quotes and line feeds.
private struct ByteCounter: @unchecked Sendable {
    let bytes: UnsafePointer<UInt8>

    /// The numbers of quotes and line feeds in `range`, 16 bytes at a time.
    func count(_ range: Range<Int>) -> (quotes: Int, lineFeeds: Int) {
        typealias Bytes = SIMD16<UInt8>
        let raw = UnsafeRawPointer(bytes)
        var quotes = 0
        var lineFeeds = 0
        var i = range.lowerBound
        // Per-lane counters are bytes, so they are summed every 255 vectors, before they can wrap.
        let vectorsPerRound = 255
        while i + Bytes.scalarCount * vectorsPerRound <= range.upperBound {
            var quoteLanes = Bytes()
            var lineFeedLanes = Bytes()
            for _ in 0..<vectorsPerRound {
                let vector = raw.loadUnaligned(fromByteOffset: i, as: Bytes.self)
                quoteLanes &+= Bytes.one & unsafeBitCast(vector .== Bytes(repeating: CSVScanner.quote), to: Bytes.self)
                lineFeedLanes &+= Bytes.one & unsafeBitCast(vector .== Bytes(repeating: CSVScanner.lineFeed), to: Bytes.self)
                i += Bytes.scalarCount
            }
            for lane in 0..<Bytes.scalarCount {
                quotes += Int(quoteLanes[lane])
                lineFeeds += Int(lineFeedLanes[lane])
            }
        }
        for byte in UnsafeBufferPointer(start: bytes + i, count: range.upperBound - i) {
            quotes += byte == CSVScanner.quote ? 1 : 0
            lineFeeds += byte == CSVScanner.lineFeed ? 1 : 0
        }
        return (quotes, lineFeeds)
    }

    /// The index after the first line feed outside quotes at or after `start`, and the number of
    /// line feeds up to and including it; nil when there is none before `end`.
    func recordStart(from start: Int, to end: Int, insideQuotes: Bool) -> (Int, Int)? {
        var inside = insideQuotes
        var lineFeeds = 0
        for i in start..<end {
            let byte = bytes[i]
            if byte == CSVScanner.quote { inside.toggle() }
            if byte == CSVScanner.lineFeed {
                lineFeeds += 1
                if !inside { return (i + 1, lineFeeds) }
            }
        }
        return nil
    }
}
