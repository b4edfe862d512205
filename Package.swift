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
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // BLAS/LAPACK through Debian's liblapacke-dev / libblas-dev (served by OpenBLAS when
        // libopenblas0-pthread is installed, through Debian's alternatives).
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "liblapack-dev", "libblas-dev"])]
        ),
        // Stata, SPSS and SAS files through ReadStat (Debian's libreadstat-dev; no pkg-config file).
        .systemLibrary(name: "CReadStat", providers: [.apt(["libreadstat-dev"])]),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK"]),
        .target(name: "Parallelism"),
        .target(name: "Tabular", dependencies: ["Parallelism"]),
        .target(name: "Distributions"),
        .target(name: "StatFiles", dependencies: ["CReadStat", "Tabular", "Parallelism"]),
        .target(name: "Instruments", dependencies: ["Tabular"], resources: [.copy("Resources")]),
        .target(name: "Models", dependencies: ["LinearAlgebra", "Tabular", "Distributions"]),
        .target(name: "Random"),
        .target(name: "Weighting", dependencies: ["Models", "Tabular", "Distributions", "LinearAlgebra", "StatFiles", "Imputation"]),
        .target(name: "Resampling", dependencies: ["CLAPACK", "LinearAlgebra", "Distributions", "Parallelism", "Random"]),
        .target(name: "Costs", dependencies: ["Tabular"]),
        // Seeded, calibrated reconstructions of the PHB pilot and follow-up datasets (`phbeval simulate`).
        .target(name: "Reconstruction", dependencies: ["Random", "Tabular", "Distributions"]),
        // Chained-equation multiple imputation (mice's algorithms) and Rubin's rules.
        .target(name: "Imputation", dependencies: ["Models", "Tabular", "Random", "Distributions", "LinearAlgebra", "Parallelism"]),
        .target(name: "CostEffectiveness", dependencies: ["Models", "Weighting", "Resampling", "Distributions", "LinearAlgebra", "Tabular", "Imputation", "Parallelism", "Random"]),
        // Hand-written, deterministic SVG figures (standard library only).
        .target(name: "Figures"),
        // The engine's outputs (JSON, tables, atomic files, error → exit status) and re-exports of the
        // modules above; the study pipeline builds on it.
        .target(name: "PHBEvalCore", dependencies: ["LinearAlgebra", "Tabular", "Models", "Distributions", "Instruments", "Random", "Resampling", "Costs", "CostEffectiveness", "Weighting", "Figures", "StatFiles", "Imputation", "Reconstruction"]),
        // `phbeval analyze`: the study spec (YAML), the pipeline it drives, and the report.
        .target(name: "Study", dependencies: ["PHBEvalCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "Pipeline", dependencies: ["PHBEvalCore", "Study"]),
        .target(name: "Report", dependencies: ["PHBEvalCore", "Study", "Pipeline", .product(name: "Crypto", package: "swift-crypto")]),
        // `phbeval reproduce`: the shipped pilot spec through the pipeline, published vs reproduced.
        .target(name: "Reproduction", dependencies: ["PHBEvalCore", "Study", "Pipeline", "Report"]),
        // The front door: the engine and the study pipeline, re-exported (the CLI imports only this).
        .target(name: "PHBEval", dependencies: ["PHBEvalCore", "Study", "Pipeline", "Report", "Reproduction"]),
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
        .testTarget(name: "StatFilesTests", dependencies: ["StatFiles", "Tabular", "Models"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InstrumentsTests", dependencies: ["Instruments", "Tabular", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CostsTests", dependencies: ["Costs", "Tabular"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CostEffectivenessTests", dependencies: ["CostEffectiveness", "Resampling", "Tabular", "TestSupport", "Weighting", "Random"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WeightingTests", dependencies: ["Weighting", "CostEffectiveness", "Tabular", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ImputationTests", dependencies: ["Imputation", "Tabular", "Random", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ReconstructionTests", dependencies: ["Reconstruction", "Reproduction", "Pipeline", "Study", "Models", "Costs", "Tabular"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["phbeval", "TestSupport"]),
        .testTarget(name: "StudyTests", dependencies: ["PHBEval", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ReportTests", dependencies: ["PHBEval", "TestSupport"]),
        // Seeded fuzzing of the built executable (bounded: about a minute in a debug build).
        .testTarget(name: "FuzzTests", dependencies: ["phbeval", "Random"]),
    ]
)
