// swift-tools-version: 6.1
// Dialtone's side of the peer comparison (Benchmarks/compare/run.sh): a tiny executable that runs
// the same corpus loop as harness.cc (libphonenumber C++) and harness.py (phonenumbers).
//
//   swift build -c release --package-path Benchmarks/compare/DialtoneHarness
import PackageDescription

let package = Package(
    name: "DialtoneHarness",
    platforms: [.macOS(.v15)],
    dependencies: [
        // `name:` because a path dependency's identity is its directory name, not "Dialtone".
        .package(name: "Dialtone", path: "../../..")
    ],
    targets: [
        .executableTarget(
            name: "DialtoneHarness",
            dependencies: [.product(name: "PhoneNumbers", package: "Dialtone")]
        )
    ],
    swiftLanguageModes: [.v6]
)
