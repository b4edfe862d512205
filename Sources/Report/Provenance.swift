import Crypto
import Foundation
import PHBEvalCore
import Pipeline
import Study

/// What the report was computed from: each input file's SHA-256 (swift-crypto), the resolved
/// spec, the seed, the engine version and the BLAS library.
struct Provenance {
    struct Input {
        let role: String
        let path: String
        let bytes: Int
        let sha256: String
    }
    let inputs: [Input]
    let seed: UInt64?
    let engine: String
    let blas: String
    let resolvedSpec: String

    init(_ spec: StudySpec) throws {
        var files: [(String, String)] = [("spec", spec.file), ("data", spec.data.file), ("unit costs", spec.costs.unitCosts)]
        if let index = spec.costs.priceIndex { files.append(("price index", index)) }
        for instrument in spec.instruments { if let w = instrument.weights { files.append(("\(instrument.name) weights", w)) } }
        inputs = try files.map { role, path in
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw InputError(file: path, problem: "the \(role) file cannot be read (\(MessageText.reason(of: error)))", fix: "check the path in the spec")
            }
            let digest = SHA256.hash(data: data).map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
            return Input(role: role, path: path, bytes: data.count, sha256: digest)
        }
        seed = spec.analysis.bootstrap?.seed
        engine = Engine.version
        blas = BLASLibrary.summary
        resolvedSpec = spec.resolved.yaml()
    }

    /// All of the inputs the study reads (to keep outputs from replacing them).
    static func inputPaths(_ spec: StudySpec) -> [String] {
        [spec.file, spec.data.file, spec.costs.unitCosts] + (spec.costs.priceIndex.map { [$0] } ?? []) + spec.instruments.compactMap(\.weights)
    }

    var json: JSONValue {
        .object([
            ("inputs", .array(inputs.map { .object([("role", .string($0.role)), ("path", .string($0.path)), ("bytes", .int($0.bytes)), ("sha256", .string($0.sha256))]) })),
            ("seed", seed.map { .string(String($0)) } ?? .null),
            ("engine_version", .string(engine)),
            ("blas", .string(blas)),
            ("resolved_spec", .string(resolvedSpec)),
        ])
    }
}
