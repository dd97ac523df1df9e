import Foundation
import Gist

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

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no such file" }
    }

    /// A guideline of the repository (`guidelines/acs-2017.gist`) through the front end, its
    /// modules read from the repository as `gist check` reads them.
    public static func compile(_ path: String) -> Compilation {
        let read: ModuleLoader.Reader = { p in
            guard let text = Repository.read(p) else { throw Missing(path: p) }
            return text
        }
        return Compilation(SourceFile(name: path, text: Repository.read(path) ?? ""), read: read)
    }
}
