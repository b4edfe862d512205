import Random
import XCTest

/// The generators against reference outputs of an independent implementation of the published
/// algorithms (`reference_vectors.py` beside this file): SplitMix64 (Steele, Lea & Flood 2014) and
/// xoshiro256** (Blackman & Vigna 2021).
final class RandomTests: XCTestCase {
    func testSplitMix64ReferenceVector() {
        var g = SplitMix64(seed: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in g.next() },
                       [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                        4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    func testXoshiro256StarStarReferenceVector() {
        var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
        XCTAssertEqual((0..<6).map { _ in g.next() },
                       [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360, 607_988_272_756_665_600])
    }

    func testSeedingFromSplitMix64() {
        var g = Xoshiro256StarStar(seed: 1, stream: 0)
        XCTAssertEqual((0..<3).map { _ in g.next() },
                       [12_966_619_160_104_079_557, 9_600_361_134_598_540_522, 10_590_380_919_521_690_900])
        var imputation = Xoshiro256StarStar(seed: 1, stream: RandomStream(.imputation, 3))
        XCTAssertEqual((0..<3).map { _ in imputation.next() },
                       [1_035_964_754_230_921_867, 2_582_570_596_664_613_760, 13_095_322_007_036_808_171])
    }

    /// Bootstrap replicate b keeps the stream it had before purposes existed; other purposes with
    /// the same index draw other numbers.
    func testStreamsArePurposeKeyed() {
        XCTAssertEqual(RandomStream(.bootstrap, 5).number, 5)
        var firsts = Set<UInt64>()
        for purpose in RandomStream.Purpose.allCases {
            for index in 0..<50 {
                var g = Xoshiro256StarStar(seed: 42, stream: RandomStream(purpose, index))
                firsts.insert(g.next())
            }
        }
        XCTAssertEqual(firsts.count, RandomStream.Purpose.allCases.count * 50)
    }

    func testUniformAndBoundedDraws() {
        var g = Xoshiro256StarStar(seed: 9)
        let u = (0..<10_000).map { _ in g.nextUniform() }
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(u.reduce(0, +) / 10_000, 0.5, accuracy: 0.01)
        var counts = [Int](repeating: 0, count: 7)
        var draws = [Int32](repeating: 0, count: 70_000)
        draws.withUnsafeMutableBufferPointer { g.fill($0, below: 7) }
        for d in draws { counts[Int(d)] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 400 }, "\(counts)")
    }
}
