// swift-tools-version: 6.2
// Dialtone: phone numbers to E.164, SMS templates and OTP provider requests.
// Benchmarks live in their own package under Benchmarks/ so that `swift build` and
// `swift test` here never build package-benchmark.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Dialtone",
    // Linux only (Debian 12 is what CI runs): the stores, the server's tests and the random
    // source use Glibc, and ICU and SQLite come from the system's packages. No `platforms` line,
    // so the manifest claims no Apple platform.
    products: [
        .library(name: "PhoneNumberMetadata", targets: ["PhoneNumberMetadata"]),
        .library(name: "PhoneNumbers", targets: ["PhoneNumbers"]),
        .library(name: "MessageTemplates", targets: ["MessageTemplates"]),
        .library(name: "OTPProviders", targets: ["OTPProviders"]),
        .library(name: "Verification", targets: ["Verification"]),
        .library(name: "VerificationSQLite", targets: ["VerificationSQLite"]),
        .library(name: "DialtoneServer", targets: ["DialtoneServer"]),
        .executable(name: "dialtone-server", targets: ["dialtone-server"]),
        .library(name: "VerificationPostgres", targets: ["VerificationPostgres"]),
        .library(name: "Delivery", targets: ["Delivery"]),
        .executable(name: "normalize", targets: ["normalize"]),
        .library(name: "ProviderClients", targets: ["ProviderClients"]),
        .executable(name: "dialtone-verify", targets: ["dialtone-verify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.0.0",
            traits: ["JSON", "CommandLineArguments"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // `swift package generate-documentation --target X` (the DocC catalogs under Sources/*/*.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CICU", pkgConfig: "icu-uc", providers: [.apt(["libicu-dev"])]),
        .target(name: "CICUShim", dependencies: ["CICU"]),
        .target(name: "PhoneNumberMetadata", swiftSettings: strict),
        .target(
            name: "PhoneNumbers",
            dependencies: ["PhoneNumberMetadata", "CICUShim"],
            swiftSettings: strict
        ),
        .target(name: "MessageTemplates", swiftSettings: strict),
        .target(
            name: "OTPProviders",
            dependencies: ["PhoneNumbers", "MessageTemplates"],
            swiftSettings: strict
        ),
        .target(name: "NormalizeCore", dependencies: ["PhoneNumbers"], swiftSettings: strict),
        .target(name: "CSystemRandom"),
        .target(name: "DialtoneVersion", swiftSettings: strict),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "Verification",
            dependencies: [
                "PhoneNumbers", "MessageTemplates", "OTPProviders", "CSystemRandom",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VerificationPostgres",
            dependencies: ["Verification", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "normalize",
            dependencies: [
                "NormalizeCore", "PhoneNumbers", "DialtoneVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PhoneNumberMetadataTests",
            dependencies: ["PhoneNumberMetadata"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PhoneNumbersTests",
            dependencies: ["PhoneNumbers", "PhoneNumberMetadata"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "MessageTemplatesTests", dependencies: ["MessageTemplates"], swiftSettings: strict),
        .testTarget(
            name: "OTPProvidersTests",
            dependencies: ["OTPProviders", "PhoneNumbers", "MessageTemplates"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .target(
            name: "VerificationSQLite",
            dependencies: ["Verification", "CSQLite"],
            swiftSettings: strict
        ),
        .target(
            name: "Delivery",
            dependencies: [
                "Verification", "MessageTemplates",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DialtoneServer",
            dependencies: [
                "Verification", "VerificationSQLite", "VerificationPostgres", "OTPProviders", "Delivery",
                "MessageTemplates",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dialtone-server",
            dependencies: [
                "DialtoneServer", "DialtoneVersion", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DialtoneTestSupport",
            dependencies: ["dialtone-server", .product(name: "Logging", package: "swift-log")],
            path: "Tests/DialtoneTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "DialtoneServerTests",
            dependencies: [
                "DialtoneServer", "DialtoneTestSupport", "DialtoneVersion", "Verification", "OTPProviders",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VerificationTestSupport",
            dependencies: ["Verification", "VerificationSQLite", "OTPProviders"],
            path: "Tests/VerificationTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "DialtoneServer", "DialtoneTestSupport", "Verification", "VerificationSQLite",
                "OTPProviders", "MessageTemplates",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VerificationTests",
            dependencies: [
                "Verification", "VerificationSQLite", "OTPProviders", "PhoneNumbers",
                "VerificationTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VerificationPostgresTests",
            dependencies: [
                "VerificationPostgres", "Verification", "OTPProviders", "DialtoneTestSupport",
                "VerificationTestSupport", "Delivery",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ProviderClients",
            dependencies: [
                "OTPProviders",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dialtone-verify",
            dependencies: [
                "ProviderClients", "OTPProviders",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProviderClientsTests",
            dependencies: [
                "ProviderClients", "OTPProviders", "DialtoneTestSupport", "dialtone-verify",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NormalizeTests",
            dependencies: ["NormalizeCore", "normalize", "DialtoneVersion"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

// `DIALTONE_WITHOUT_SERVER=1` leaves out the server, the PostgreSQL store and their tests (and so
// Hummingbird, postgres-nio, swift-nio-ssl and async-http-client, hence the provider clients and
// dialtone-verify too): CI uses it for the release
// conformance run and the thread-sanitizer run, which need only the libraries.
if Context.environment["DIALTONE_WITHOUT_SERVER"] == "1" {
    // Products are named after their targets.
    let serverTargets: Set<String> = [
        "DialtoneServer", "dialtone-server", "DialtoneTestSupport", "DialtoneServerTests",
        "VerificationPostgres",
        "VerificationPostgresTests", "Delivery", "DeliveryTests", "ProviderClients", "dialtone-verify",
        "ProviderClientsTests",
    ]
    package.targets.removeAll { serverTargets.contains($0.name) }
    package.products.removeAll { serverTargets.contains($0.name) }
}
