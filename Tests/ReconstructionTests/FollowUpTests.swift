import XCTest
@testable import Reconstruction

final class FollowUpPlaceholderTests: XCTestCase {}
