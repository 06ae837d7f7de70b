// swift-tools-version: 6.1
// Dialtone's libFuzzer targets, a package of their own so that the library's `swift build` and
// `swift test` never build them. Build and run them with scripts/fuzz.sh (see docs/FUZZING.md):
//
//   scripts/fuzz.sh all 60            # build with -sanitize=fuzzer,address, run each for 60 s
//   scripts/fuzz.sh fuzz-phone 600
//
// Built without the sanitizers (`swift build` here), each target is a replayer: it runs the files
// and directories named on its command line once each (see Sources/FuzzDriver).
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// One fuzz target: an executable whose module exports `LLVMFuzzerTestOneInput`.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "Dialtone") },
        swiftSettings: strict
    )
}

let targets = ["fuzz-phone", "fuzz-template", "fuzz-sms", "fuzz-csv", "fuzz-provider"]

let package = Package(
    name: "DialtoneFuzz",
    platforms: [.macOS(.v15)],
    products: targets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(name: "Dialtone", path: "..")
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"], swiftSettings: strict),
        fuzzTarget("fuzz-phone", ["PhoneNumbers"]),
        fuzzTarget("fuzz-template", ["MessageTemplates", "OTPProviders"]),
        fuzzTarget("fuzz-sms", ["MessageTemplates"]),
        // NormalizeCore is not a product of Dialtone (the normalize CLI's engine, no public API):
        // NormalizeReader compiles its record reader's own files (symbolic links into
        // ../Sources/NormalizeCore) into this package, where their `package` declarations are
        // visible to fuzz-csv without any compiler flag (see docs/FUZZING.md).
        .target(
            name: "NormalizeReader",
            dependencies: [.product(name: "PhoneNumbers", package: "Dialtone")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-csv",
            dependencies: ["FuzzSupport", "NormalizeReader"],
            swiftSettings: strict
        ),
        fuzzTarget("fuzz-provider", ["OTPProviders", "MessageTemplates", "PhoneNumbers"]),
    ],
    swiftLanguageModes: [.v6]
)
