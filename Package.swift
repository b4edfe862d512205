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
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
    ]
)
