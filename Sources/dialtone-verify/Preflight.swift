import ArgumentParser
import ProviderClients

/// `--preflight`.
enum Preflight: String, ExpressibleByArgument {
    case off, report, refuse

    /// The client's mode.
    var mode: PreflightMode {
        switch self {
        case .off: .off
        case .report: .report
        case .refuse: .refuse
        }
    }
}
