// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "PHBEval",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PHBEval", targets: ["Tabular"]),
    ],
    targets: [
        .target(name: "Tabular"),
        .target(name: "Instruments", dependencies: ["Tabular"], resources: [.copy("Resources")]),
        .testTarget(name: "InstrumentsTests", dependencies: ["Instruments", "Tabular"], resources: [.copy("Fixtures")]),
    ]
)
