import Foundation
import PHBEval

/// OpenBLAS picks its kernels when it loads, from the CPU model; on a virtual CPU it may fall
/// back to generic ones, 5× slower (``BLASLibrary/preferredOpenBLASCore()``). The executable calls
/// this first: it re-executes the process once with `OPENBLAS_CORETYPE` set (the variable being
/// set prevents a loop; if the exec fails the process simply continues as it is).
enum BLASKernels {
    static func restartWithFasterKernelsIfNeeded() {
        guard let core = BLASLibrary.preferredOpenBLASCore() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}
