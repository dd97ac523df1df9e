import Foundation

/// The repository's folder, for tests that read its files (guidelines, fixtures, docs, the
/// conformance corpus). Found from this file's path, once, for every test target (SwiftPM
/// resources would copy the files instead).
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path inside the repository, e.g. `Tests/Conformance/diagnostics`.
    public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// The text of a file inside the repository, or nil when it cannot be read.
    public static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: url(path).path).map { String(decoding: $0, as: UTF8.self) }
    }
}
