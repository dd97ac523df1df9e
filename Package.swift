// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "gist",
    products: [
        .library(name: "Gist", targets: ["Gist"]),
        // The record readers, for the fuzz targets under fuzz/ (a separate package).
        .library(name: "GistIO", targets: ["GistIO"]),
        .executable(name: "gist", targets: ["gist-cli"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // The language: lexer, parser, checker, evaluator, analyses. No I/O, no terminal.
        .target(name: "Gist", dependencies: ["CZ3"]),
        // Z3's C API through pkg-config (Debian: libz3-dev), the analyses' SMT solver.
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"]), .brew(["z3"])]),
        // Case-record readers and result writers (JSON, JSON Lines, YAML, CSV).
        .target(name: "GistIO", dependencies: [
            "Gist",
            .product(name: "Yams", package: "Yams"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        // libedit through pkg-config (Debian: libedit-dev), for the REPL's line editing.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        // Non-variadic C wrappers over el_set/history, which Swift cannot call.
        .target(name: "CEditLineShim", dependencies: ["CEditLine"]),
        // The REPL: statements and commands (testable without a terminal), history, completion,
        // and the libedit front end.
        .target(name: "GistREPL", dependencies: ["Gist", "GistIO", "GistReview", "CEditLineShim"]),
        // Revision reviews as people read them: text (terminal, REPL), Markdown and HTML.
        .target(name: "GistReview", dependencies: ["Gist"]),
        // The language server (gist lsp): JSON-RPC over stdio, protocol types, editor features.
        .target(name: "GistLSP", dependencies: ["Gist", "GistIO"]),
        // The commands, as a library so tests can drive them in-process.
        .target(name: "GistCLI", dependencies: [
            "Gist", "GistIO", "GistREPL", "GistReview", "GistLSP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "gist-cli", dependencies: ["GistCLI", "GistIO"]),
        // Benchmarks (benchmarks/README.md): the native baseline of acs-2017 and the record
        // generator (also used by a test), and the benchmark driver.
        .target(name: "GistBaseline", dependencies: ["Gist"], path: "benchmarks/Sources/GistBaseline"),
        .executableTarget(name: "gist-bench", dependencies: ["Gist", "GistIO", "GistBaseline"],
                          path: "benchmarks/Sources/gist-bench"),
        // The repository's folder for tests that read its files (one place, not one per test).
        .target(name: "GistTestSupport", dependencies: ["Gist"], path: "Tests/GistTestSupport"),
        .testTarget(name: "GistTests", dependencies: ["Gist", "GistTestSupport"]),
        .testTarget(name: "GistIOTests", dependencies: ["Gist", "GistIO"]),
        .testTarget(name: "GistBaselineTests", dependencies: ["Gist", "GistIO", "GistBaseline", "GistTestSupport"]),
        .testTarget(name: "GistCLITests", dependencies: ["GistCLI", "Gist", "GistIO", "GistREPL", "GistTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "GistLSPTests", dependencies: ["GistLSP", "Gist"]),
        .testTarget(name: "GistREPLTests", dependencies: ["GistREPL", "GistCLI", "Gist", "GistIO", "GistTestSupport"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
