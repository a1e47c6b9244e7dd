// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for coursekit's parsers. Built apart from the main package because every
// module is compiled with -sanitize=fuzzer; run with scripts/fuzz SECONDS.
let package = Package(
    name: "coursekit-fuzz",
    dependencies: [.package(name: "coursekit", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzLesson",
            dependencies: ["FuzzDriver", .product(name: "CourseLoader", package: "coursekit")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
