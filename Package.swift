// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "PHBEval",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PHBEval", targets: ["PHBEval"]),
        .executable(name: "phbeval", targets: ["phbeval"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // BLAS/LAPACK through Debian's liblapacke-dev / libblas-dev (served by OpenBLAS when
        // libopenblas0-pthread is installed, through Debian's alternatives).
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "liblapack-dev", "libblas-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK"]),
        .target(name: "Parallelism"),
        .target(name: "Tabular", dependencies: ["Parallelism"]),
        .target(name: "Distributions"),
        .target(name: "Instruments", dependencies: ["Tabular"], resources: [.copy("Resources")]),
        .target(name: "Models", dependencies: ["LinearAlgebra", "Tabular", "Distributions"]),
        .target(name: "Inference", dependencies: ["CLAPACK", "LinearAlgebra", "Distributions", "Parallelism"]),
        .target(name: "Economics", dependencies: ["Models", "Inference", "Distributions", "LinearAlgebra", "Tabular"]),
        .target(name: "PHBEval", dependencies: ["LinearAlgebra", "Tabular", "Models", "Distributions", "Instruments", "Inference", "Economics"]),
        .executableTarget(
            name: "phbeval",
            dependencies: [
                "PHBEval",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark harness's phbeval side (Benchmarks/run.sh drives it and the peers).
        .executableTarget(name: "phbeval-bench", dependencies: ["Models", "Tabular", "Instruments", "PHBEval", "Economics"], path: "Benchmarks/PHBEvalBenchmarks"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions"]),
        .testTarget(
            name: "ModelsTests",
            dependencies: ["Models", "Tabular"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "InstrumentsTests", dependencies: ["Instruments", "Tabular"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EconomicsTests", dependencies: ["Economics", "Inference", "Tabular"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["phbeval"]),
    ]
)
