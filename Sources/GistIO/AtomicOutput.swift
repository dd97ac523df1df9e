import Foundation

/// The temporary file of the `AtomicOutput` being written, removed if the process is
/// interrupted (SIGINT, SIGTERM, SIGHUP) so no partial file is left beside the target.
nonisolated(unsafe) private var pendingTemporary: UnsafeMutablePointer<CChar>?
/// The handlers to put back afterwards.
nonisolated(unsafe) private var previousHandlers: [(Int32, (@convention(c) (Int32) -> Void)?)] = []

private func removePendingTemporary() {
    if let p = pendingTemporary { unlink(p) }
}

/// An output file written as it goes and put in place atomically at the end: the bytes go to a
/// temporary file beside the target, which `commit` syncs and renames over it. Until then (and
/// if the run fails) readers see the old content.
///
/// Safe in a folder others can write to: the temporary file has an unpredictable name and is
/// created with `O_EXCL | O_NOFOLLOW` (a planted file or link is never followed). The new file
/// keeps the old one's permissions (patient data in a 0600 file stays 0600); a symbolic link
/// is written through to its target. A FIFO or a device is written directly (it cannot be
/// replaced). Temporary files that processes killed outright left beside the target are
/// removed.
public final class AtomicOutput {
    /// The target as the user named it.
    public let path: String
    /// The file written in the end (symbolic links followed).
    let target: String
    /// Nil when writing the target directly.
    let temporary: String?
    var fd: Int32
    var failure: String?

    /// Opens the output. `inputs` are the command's input files: the target may not be one of
    /// them (compared by device and inode, so another name of the same file counts).
    public init(path: String, inputs: [String] = []) throws(AtomicWrite.Failure) {
        self.path = path
        target = Self.followingLinks(path)
        var st = stat()
        let exists = stat(target, &st) == 0
        if exists, let input = inputs.first(where: { Self.sameFile(st, $0) }) {
            throw AtomicWrite.Failure(path: path, reason: "it is \(input == path ? "an input" : "the same file as the input \(input)") of this command; write to another file")
        }
        if exists, st.st_mode & S_IFMT != S_IFREG {
            if st.st_mode & S_IFMT == S_IFDIR { throw AtomicWrite.Failure(path: path, reason: "is a directory") }
            // A FIFO, a terminal, /dev/null: write to it as it is.
            fd = open(target, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw AtomicWrite.Failure(path: path, reason: String(cString: strerror(errno))) }
            temporary = nil
            return
        }
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).tmp-"
        Self.removeStaleTemporaries(in: folder, prefix: prefix)
        var created: (String, Int32)?
        for _ in 0..<16 {
            let name = "\(folder)/\(prefix)\(getpid())-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { created = (name, fd); break }
            if errno != EEXIST { throw AtomicWrite.Failure(path: path, reason: String(cString: strerror(errno))) }
        }
        guard let (name, fd) = created else { throw AtomicWrite.Failure(path: path, reason: "cannot create a temporary file beside it") }
        self.fd = fd
        temporary = name
        // The old file's permissions, or a new file's (0666 less the umask).
        let mode: mode_t
        if exists { mode = st.st_mode & 0o7777 } else {
            let mask = umask(0o022)
            umask(mask)
            mode = 0o666 & ~mask
        }
        fchmod(fd, mode)
        pendingTemporary = strdup(name)
        previousHandlers = [SIGINT, SIGTERM, SIGHUP].map { s in
            let previous = signal(s) { sig in
                removePendingTemporary()
                _exit(128 + sig)
            }
            // A signal the parent chose to ignore stays ignored.
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(s, SIG_IGN) }
            return (s, previous)
        }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            if let temporary { unlink(temporary) }
        }
        release()
    }

    /// Forgets the temporary file for the signal handlers.
    func release() {
        guard let p = pendingTemporary else { return }
        for (s, handler) in previousHandlers { signal(s, handler) }
        previousHandlers = []
        pendingTemporary = nil
        free(p)
    }

    /// Why writing failed so far (nil: it has not).
    public var writeFailure: String? { failure }

    public func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        failure = Console.writeAll(fd, bytes)
    }

    /// Syncs the temporary file and renames it over the target; on a write, sync or rename
    /// failure the temporary file is removed and the target left as it was.
    public func commit() throws(AtomicWrite.Failure) {
        defer { release() }
        if failure == nil, temporary != nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        fd = -1
        guard let temporary else {
            if let failure { throw AtomicWrite.Failure(path: path, reason: failure) }
            return
        }
        if failure == nil, rename(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw AtomicWrite.Failure(path: path, reason: failure)
        }
    }

    /// The file a path names, symbolic links followed (the path itself when it does not exist).
    static func followingLinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func sameFile(_ st: stat, _ other: String) -> Bool {
        var o = stat()
        return stat(other, &o) == 0 && o.st_dev == st.st_dev && o.st_ino == st.st_ino
    }

    /// Removes `PREFIX<pid>-…` files of processes that no longer run (killed with SIGKILL, so
    /// they could not clean up).
    static func removeStaleTemporaries(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = pid_t(digits), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink("\(folder)/\(name)") }
        }
    }
}
