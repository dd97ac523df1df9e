// swift-tools-version: 6.0
// libFuzzer targets for gist, kept out of the main package so its build stays as it is.
// Built and run by ./run (see README.md); `swift build` here alone does not make fuzzers.
import Foundation
import PackageDescription

// The main package is the folder above; its identity is that folder's name.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().standardizedFileURL.lastPathComponent

let package = Package(
    name: "gist-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        // Arbitrary bytes as a guideline: lexer, parser, checker, formatter, evaluator, the
        // input-space findings with a small node limit.
        .executableTarget(name: "FuzzGuideline", dependencies: [.product(name: "Gist", package: mainPackage)]),
        // Arbitrary bytes as case records in every format, each record bound to a guideline.
        .executableTarget(name: "FuzzRecords", dependencies: [
            .product(name: "Gist", package: mainPackage),
            .product(name: "GistIO", package: mainPackage),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
