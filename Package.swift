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
        .target(name: "Random"),
        .target(name: "Resampling", dependencies: ["CLAPACK", "LinearAlgebra", "Distributions", "Parallelism", "Random"]),
        .target(name: "Costs", dependencies: ["Tabular"]),
        // Seeded, calibrated reconstructions of the PHB pilot and follow-up datasets (`phbeval simulate`).
        .target(name: "Reconstruction", dependencies: ["Random", "Tabular", "Distributions"]),
        .target(name: "CostEffectiveness", dependencies: ["Models", "Resampling", "Distributions", "LinearAlgebra", "Tabular"]),
        // Hand-written, deterministic SVG figures (standard library only).
        .target(name: "Figures"),
        // The front door: re-exports the modules above and maps errors to exit statuses.
        .target(name: "PHBEval", dependencies: ["LinearAlgebra", "Tabular", "Models", "Distributions", "Instruments", "Random", "Resampling", "Costs", "CostEffectiveness", "Figures", "Reconstruction"]),
        .executableTarget(
            name: "phbeval",
            dependencies: [
                "PHBEval",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark harness's phbeval side (Benchmarks/run.sh drives it and the peers).
        .executableTarget(name: "phbeval-bench", dependencies: ["PHBEval"], path: "Benchmarks/PHBEvalBenchmarks"),
        // Shared by the test targets: relative assertions, golden documents, expected errors.
        .target(name: "TestSupport", dependencies: ["Tabular"], path: "Tests/TestSupport"),
        .testTarget(name: "RandomTests", dependencies: ["Random"], exclude: ["reference_vectors.py"]),
        .testTarget(name: "ResamplingTests", dependencies: ["Resampling", "Random", "TestSupport"]),
        .testTarget(name: "PHBEvalTests", dependencies: ["PHBEval", "TestSupport"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "TestSupport"]),
        .testTarget(
            name: "ModelsTests",
            dependencies: ["Models", "Tabular"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "Random"]),
        .testTarget(name: "InstrumentsTests", dependencies: ["Instruments", "Tabular", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CostsTests", dependencies: ["Costs", "Tabular"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CostEffectivenessTests", dependencies: ["CostEffectiveness", "Resampling", "Tabular", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ReconstructionTests", dependencies: ["Reconstruction", "Costs", "Tabular"]),
        .testTarget(name: "CLITests", dependencies: ["phbeval", "TestSupport"]),
        // Seeded fuzzing of the built executable (bounded: about a minute in a debug build).
        .testTarget(name: "FuzzTests", dependencies: ["phbeval", "Random"]),
    ]
)
