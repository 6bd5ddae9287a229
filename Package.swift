// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Confab",
    products: [
        .executable(name: "confab", targets: ["confab"]),
        .library(name: "ConfabCore", targets: ["ConfabCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // DiscordChatExporter CSV: quoted fields with line breaks, `,` or (older) `;` separators.
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libxml2's HTML parser, for exports written as web pages (DiscordChatExporter HTML).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The one system call Foundation lacks: swapping two folders atomically.
        .target(name: "CSystem"),
        .target(
            name: "ConfabCore",
            dependencies: [
                "CCmark",
                "CLibXML2",
                "CSystem",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            // `Theme` is a link to the repository's `templates/`: the default theme
            // is compiled into the binary so a site needs nothing but `content/`.
            // `Schema` holds the JSON Schema published beside the data export.
            resources: [.embedInCode("Theme"), .embedInCode("Schema"), .embedInCode("Emoji")]
        ),
        .executableTarget(
            name: "confab",
            dependencies: [
                "ConfabCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target over read → normalize → summarize → plan; scripts/fuzz-smoke.sh
        // builds it with -DFUZZING so libFuzzer's `main` is the one linked.
        .executableTarget(name: "ConfabFuzz", dependencies: ["ConfabCore"]),
        .testTarget(
            name: "ConfabCoreTests",
            // swift-mustache only checks that Confab's own template engine agrees with it.
            dependencies: ["ConfabCore", "confab", .product(name: "Mustache", package: "swift-mustache")],
            // Transcripts the tests read from the source tree (see Support.swift).
            exclude: ["Fixtures"]
        ),
    ]
)
