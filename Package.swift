// swift-tools-version:6.0
import PackageDescription

/// synap-tool: inspect, verify and checksum machine-learning model files before upload.
/// Modules are listed lowest first; a dependency only ever points down (see docs/architecture.md).
let package = Package(
    name: "synap-tool",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "synap-tool", targets: ["synap-tool"]),
        .executable(name: "synap-tool-remote", targets: ["synap-tool-remote"]),
        .library(name: "ModelInspector", targets: ["ModelInspector"]),
        .library(name: "FormatProbe", targets: ["FormatProbe"]),
        .library(name: "ArchitectureCheck", targets: ["ArchitectureCheck"]),
        .library(name: "UploadRecords", targets: ["UploadRecords"]),
        .executable(name: "synap-server", targets: ["synap-server"]),
        .library(name: "UploadServer", targets: ["UploadServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        // The server stack (synap-server only; the synap-tool CLI links none of it).
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Remote objects (RemoteArtifact).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "CMapGuard", path: "Sources/CMapGuard"),
        .target(name: "CFileCopy", path: "Sources/CFileCopy"),
        .target(name: "CDemandPages", path: "Sources/CDemandPages"),
        .target(name: "SystemSeam"),
        .target(name: "ModelArtifact", dependencies: ["SystemSeam", "CMapGuard", "CDemandPages"]),
        .target(name: "ZipContainer", dependencies: ["ModelArtifact", "CZlib"]),
        .target(name: "FormatProbe", dependencies: ["ModelArtifact", "ZipContainer", "SystemSeam"]),
        .target(name: "SafetensorsReader", dependencies: ["ModelArtifact"]),
        .target(name: "GGUFReader", dependencies: ["ModelArtifact"]),
        .target(name: "ONNXReader", dependencies: ["ModelArtifact", "SystemSeam"]),
        .target(name: "TFLiteReader", dependencies: ["ModelArtifact"]),
        .target(name: "PTReader", dependencies: ["ModelArtifact", "ZipContainer"]),
        .target(name: "SyNAPReader", dependencies: ["ModelArtifact", "ZipContainer", "TFLiteReader", "ONNXReader"]),
        .target(
            name: "Checksums",
            dependencies: [
                "ModelArtifact", "SystemSeam",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "ModelInspector",
            dependencies: [
                "ModelArtifact", "FormatProbe", "SafetensorsReader", "GGUFReader", "ONNXReader", "TFLiteReader",
                "PTReader", "SyNAPReader", "SystemSeam",
            ]),
        .target(name: "ArchitectureCheck", dependencies: ["ModelArtifact", "ModelInspector", "GGUFReader"]),
        .target(
            name: "FindingCatalog",
            dependencies: [
                "ModelArtifact", "ZipContainer", "FormatProbe", "GGUFReader", "ONNXReader", "TFLiteReader", "PTReader",
                "SyNAPReader", "ModelInspector", "ArchitectureCheck",
            ]),
        .target(name: "UploadRecords", dependencies: ["ModelArtifact", "FormatProbe"]),
        .target(
            name: "RemoteArtifact",
            dependencies: [
                "ModelArtifact", "Checksums",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .target(
            name: "Conversion",
            dependencies: [
                "ModelArtifact", "ZipContainer", "FormatProbe", "PTReader", "ONNXReader", "SafetensorsReader", "SyNAPReader",
                "SystemSeam", "CFileCopy",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "SynapCommands",
            dependencies: [
                "ModelInspector", "PTReader", "ONNXReader", "TFLiteReader", "GGUFReader", "SyNAPReader", "Checksums", "Conversion",
                "ArchitectureCheck", "FindingCatalog", "UploadRecords", "SystemSeam",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "SynapRemote", dependencies: ["SynapCommands", "RemoteArtifact", "ModelInspector", "ArchitectureCheck", "SystemSeam"]),
        // synap-tool links no network stack (its start stays a few ms); synap-tool-remote, beside
        // it, runs the commands whose inputs are s3:// or https://.
        .executableTarget(name: "synap-tool", dependencies: ["SynapCommands"]),
        .executableTarget(name: "synap-tool-remote", dependencies: ["SynapCommands", "SynapRemote"]),
        .target(
            name: "UploadServer",
            dependencies: [
                "ModelArtifact", "FormatProbe", "ModelInspector", "PTReader", "UploadRecords", "SystemSeam",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
        .executableTarget(
            name: "synap-server",
            dependencies: [
                "UploadServer", "SystemSeam",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "TestSupport", dependencies: ["ModelArtifact", "ZipContainer", "CZlib"], path: "Tests/TestSupport"),
        .testTarget(name: "ModelArtifactTests", dependencies: ["ModelArtifact", "SystemSeam", "TestSupport"]),
        .testTarget(name: "ZipContainerTests", dependencies: ["ZipContainer", "ModelArtifact", "TestSupport"]),
        .testTarget(name: "FormatProbeTests", dependencies: ["FormatProbe", "ModelArtifact", "TestSupport"]),
        .testTarget(
            name: "SafetensorsReaderTests", dependencies: ["SafetensorsReader", "ModelArtifact", "TestSupport"]),
        .testTarget(name: "GGUFReaderTests", dependencies: ["GGUFReader", "ModelArtifact", "TestSupport"]),
        .testTarget(name: "ONNXReaderTests", dependencies: ["ONNXReader", "ModelArtifact", "TestSupport"]),
        .testTarget(name: "TFLiteReaderTests", dependencies: ["TFLiteReader", "ModelArtifact", "ZipContainer", "TestSupport"]),
        .testTarget(name: "PTReaderTests", dependencies: ["PTReader", "ModelArtifact", "TestSupport"]),
        .testTarget(name: "SyNAPReaderTests", dependencies: ["SyNAPReader", "ModelArtifact", "ZipContainer", "TestSupport"]),
        .testTarget(
            name: "ModelInspectorTests",
            dependencies: ["ModelInspector", "ModelArtifact", "FormatProbe", "TestSupport"]),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["ModelInspector", "ModelArtifact", "FormatProbe", "TestSupport"]),
        .testTarget(
            name: "ChecksumsTests", dependencies: ["Checksums", "ModelArtifact", "ModelInspector", "TestSupport"]),
        .testTarget(
            name: "ArchitectureCheckTests",
            dependencies: ["ArchitectureCheck", "ModelArtifact", "ModelInspector", "TestSupport"]),
        .testTarget(name: "FindingCatalogTests", dependencies: ["FindingCatalog", "ModelArtifact", "TestSupport"]),
        .testTarget(name: "UploadRecordsTests", dependencies: ["UploadRecords", "ModelArtifact", "FormatProbe"]),
        .testTarget(
            name: "ConversionTests",
            dependencies: ["Conversion", "SafetensorsReader", "PTReader", "ModelArtifact", "ZipContainer", "TestSupport",
                           .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "UploadServerTests",
            dependencies: [
                "UploadServer", "synap-server", "UploadRecords", "ModelArtifact", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "RemoteArtifactTests",
            dependencies: [
                "RemoteArtifact", "ModelArtifact", "Checksums", "ModelInspector", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(name: "CLITests", dependencies: ["synap-tool", "synap-tool-remote", "SynapCommands", "ArchitectureCheck", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
