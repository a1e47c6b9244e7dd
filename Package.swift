// swift-tools-version: 6.0
import PackageDescription

// coursekit: compiles Markdown + YAML curricula into offline static HTML packages.
// Dependencies point one way: coursekit → Packaging → SiteBuilder → Translation, Checks, Localization
// → CourseLoader → Markdown/YAML → CourseModel. docs/design.md draws it.
let package = Package(
    name: "coursekit",
    products: [
        .executable(name: "coursekit", targets: ["coursekit"]),
        .library(name: "SiteBuilder", targets: ["SiteBuilder"]),
        // For the fuzzer package in Fuzz/.
        .library(name: "CourseLoader", targets: ["CourseLoader"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // Debian's C libraries: module maps only. Package names: libcmark-gfm-dev,
        // libcmark-gfm-extensions-dev, libyaml-dev (installed by scripts/setup).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libdeflate's fastest level: the search index's gzip budget, screened (Debian: libdeflate-dev).
        .systemLibrary(name: "CLibDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        // xxHash's XXH3: a lesson body's hash, which tells a copied translation (Debian: libxxhash-dev).
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        // libzim's C++ writer behind a C API that catches every exception (Debian: libzim-dev).
        .target(name: "CZim", linkerSettings: [.linkedLibrary("zim")]),
        // renameat2(RENAME_EXCHANGE): the atomic swap of a finished build with the old Output/.
        .target(name: "CFileSwap"),
        // A per-thread arena allocator for cmark-gfm's documents (cmark's own is one for the process).
        .target(name: "CMarkdownArena", dependencies: ["CCmarkGFM"]),
        // Lets documents finish on every core at once: cmark-gfm's inline characters added once.
        .target(name: "CMarkdownInlineCharacters", dependencies: ["CCmarkGFM"]),

        // SHA-256 for content hashes and stamps: swift-crypto, not a hand-written hash.
        .target(name: "CourseModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "YAML", dependencies: ["CourseModel", "CLibYAML"]),
        // Templates for its HTML escaping only (one escaper for templates and compiled Markdown).
        .target(name: "Markdown", dependencies: ["CourseModel", "Templates", "CCmarkGFM", "CMarkdownArena", "CMarkdownInlineCharacters"]),
        // Deflate and gzip: zlib's (packages, precompressed files, the search index's budget) and
        // libdeflate's fastest level (the budget's screening).
        .target(name: "Zlib", dependencies: ["CZlib", "CLibDeflate"]),
        .target(name: "CourseLoader", dependencies: ["CourseModel", "YAML", "Markdown", "CLibDeflate", "CXXHash",
                                                     .product(name: "Crypto", package: "swift-crypto")]),
        // Interface strings: the built-in ar/en/fr catalogs, CLDR plurals, the site's ui/ overrides.
        .target(name: "Localization", dependencies: ["CourseModel", "CourseLoader"], resources: [.copy("Locales")]),
        // Translation coverage, source stamps, and the stamp command's file edits.
        // Checks that read compiled lessons across files: links, anchors, images, headings.
        .target(name: "Checks", dependencies: ["CourseModel", "CourseLoader"]),
        .target(name: "Translation", dependencies: ["CourseModel", "YAML", "Markdown", "CourseLoader", "Localization",
                                                    .product(name: "Crypto", package: "swift-crypto")]),
        // Offline search: each course's text in a locale as a compact index script.
        .target(name: "Search", dependencies: ["CourseModel", "Zlib"]),
        // Translation exchange: lessons as PO and XLIFF files for translators' tools, and back.
        .target(name: "Exchange", dependencies: ["CourseModel", "CourseLoader", "Translation", "Checks", "YAML", "Markdown"]),
        // Mustache templates parsed once and rendered against typed page models (the theme).
        .target(name: "Templates"),
        .target(
            name: "SiteBuilder",
            dependencies: [
                "CourseModel", "YAML", "Markdown", "CourseLoader", "Localization", "Translation", "Checks", "CFileSwap", "Templates", "Search",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Theme")]
        ),
        // coursekit init / new lesson, from the templates in seeds/ (a link to Authoring/Seeds).
        .target(name: "Authoring", dependencies: ["CourseModel", "CourseLoader", "YAML"], resources: [.copy("Seeds")]),
        // Packages for the camp: ZIM files for Kiwix, Kolibri apps, zip archives, gzip for nginx.
        .target(name: "Packaging", dependencies: ["CourseModel", "CourseLoader", "SiteBuilder", "CZim", "Zlib",
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        // coursekit serve: builds on every save into a private folder and serves it with FlyingFox
        // (a small, well-kept HTTP and WebSocket server without SwiftNIO), telling pages to reload.
        .target(name: "Preview", dependencies: ["SiteBuilder", "CourseLoader", "CourseModel", .product(name: "FlyingFox", package: "FlyingFox")],
                resources: [.copy("Resources")]),
        .executableTarget(
            name: "coursekit",
            dependencies: [
                "SiteBuilder", "Translation", "Checks", "Packaging", "Authoring", "CourseLoader", "CourseModel", "Preview", "Exchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (Debian's libmimalloc) in place of glibc's malloc for the whole process:
            // a build is millions of small allocations and frees on two threads, and a clean
            // build at L takes about 5 % less time with it, for about 10 MiB more peak memory
            // (docs/performance.md).
            linkerSettings: [.linkedLibrary("mimalloc")]
        ),
        .testTarget(
            name: "CourseKitTests",
            dependencies: ["CourseModel", "YAML", "Markdown", "CourseLoader", "Localization", "Translation", "Checks", "SiteBuilder", "Packaging", "Authoring", "Preview", "Search", "Exchange", "Zlib"],
            resources: [.copy("Fixtures")]
        ),
        // The Mustache specification's own tests (Spec/, from github.com/mustache/spec).
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"], resources: [.copy("Spec")]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
