import Foundation

/// The REPL's history on disk, one entry per line, shared by every gist REPL of the user.
///
/// Written safely for sessions running at the same time: each entry is appended as soon as
/// it is entered (nothing is held back to rewrite the file at exit, so no session overwrites
/// another's lines), under an exclusive `flock` on a lock file beside it. When the file
/// grows past `limit` entries it is trimmed under the same lock by writing the newest
/// entries to a temporary file and renaming it over the history, so a crash leaves the old
/// file or the new one, never half of one. Every writer opens the history only while holding
/// the lock, which is why the rename cannot lose a concurrent append.
public struct HistoryFile: Sendable {
    public let path: String
    public let limit: Int

    public init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = max(1, limit)
    }

    /// `$GIST_HISTORY`, else `$XDG_STATE_HOME/gist/history`, else
    /// `~/.local/state/gist/history`; nil without a home folder.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let p = environment["GIST_HISTORY"], !p.isEmpty { return p }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/gist/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/gist/history"
    }

    var lockPath: String { path + ".lock" }

    /// The entries, oldest first (at most `limit`); none if the file does not exist yet.
    public func load() -> [String] {
        (try? locked(LOCK_SH) { read() }).map { Array($0.suffix(limit)) } ?? []
    }

    /// Appends one entry (line breaks become spaces) and trims the file if it grew too long.
    public func append(_ entry: String) throws {
        let line = entry.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { return }
        try locked(LOCK_EX) {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            // One write with O_APPEND: concurrent appends never interleave inside a line.
            let bytes = Array((line + "\n").utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == bytes.count else { throw Failure(path: path, reason: "short write") }
            let entries = read()
            if entries.count > limit { try replace(with: Array(entries.suffix(limit))) }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "history \(path): \(reason)" }
    }

    func read() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Rewrites the file through a temporary file and a rename (called under the lock).
    func replace(with entries: [String]) throws {
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(path: tmp, reason: String(cString: strerror(errno))) }
        let bytes = Array(entries.map { $0 + "\n" }.joined().utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return write(fd, base + offset, buffer.count - offset)
            }
            if n <= 0 { close(fd); unlink(tmp); throw Failure(path: tmp, reason: "cannot write") }
            offset += n
        }
        fsync(fd)
        close(fd)
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Runs `body` holding a `flock` on the lock file (creating its folder if needed).
    func locked<T>(_ operation: Int32, _ body: () throws -> T) throws -> T {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(path: lockPath, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, operation) != 0 {
            if errno != EINTR { throw Failure(path: lockPath, reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
