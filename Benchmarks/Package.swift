// swift-tools-version: 6.1
// Dialtone's benchmarks (ordo-one/package-benchmark), a package of their own so that the
// library's `swift build` and `swift test` never build the benchmark tooling.
//
//   cd Benchmarks && swift package benchmark                      # run every suite
//   swift package benchmark thresholds check --metric mallocCountTotal   # CI gate
import PackageDescription

let package = Package(
    name: "DialtoneBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Dialtone", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "PhoneNumberBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PhoneNumbers", package: "Dialtone"),
                .product(name: "PhoneNumberMetadata", package: "Dialtone"),
            ],
            path: "Benchmarks/PhoneNumberBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TemplateBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MessageTemplates", package: "Dialtone"),
                .product(name: "OTPProviders", package: "Dialtone"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Benchmarks/TemplateBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ProviderBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OTPProviders", package: "Dialtone"),
            ],
            path: "Benchmarks/ProviderBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "VerificationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OTPProviders", package: "Dialtone"),
                .product(name: "Verification", package: "Dialtone"),
                .product(name: "VerificationSQLite", package: "Dialtone"),
                .product(name: "VerificationPostgres", package: "Dialtone"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/VerificationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
