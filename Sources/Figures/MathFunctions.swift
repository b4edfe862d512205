#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C math functions the figures need (the module uses only the standard library and the
/// platform's C library): `log10` and `pow(10, z)`, the calls R makes for `log(x, base = 10)` and
/// `10^z`, so that `AxisTicks.extended` reproduces `labeling::extended` to the last bit.
enum MathFunctions {
    /// log₁₀ x.
    static func log10(_ x: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.log10(x)
        #else
        return Darwin.log10(x)
        #endif
    }

    /// 10^z.
    static func powerOfTen(_ z: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.pow(10, z)
        #else
        return Darwin.pow(10, z)
        #endif
    }
}
