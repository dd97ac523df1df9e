import Foundation

/// Writes a file so that readers see the old content or the whole new content, never a
/// half-written file: write a temporary file beside it, then rename over the target.
public enum AtomicWrite {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: tmp)
            // rename(2) replaces the target atomically on POSIX file systems.
            if rename(tmp.path, url.path) != 0 {
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw Failure(path: path, reason: error.localizedDescription)
        }
    }
}
