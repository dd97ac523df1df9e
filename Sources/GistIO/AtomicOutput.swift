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
/// temporary file beside the target, which `commit` renames over it. Until then (and if the
/// run fails) readers see the old content.
public final class AtomicOutput {
    public let path: String
    let temporary: String
    var fd: Int32
    var failure: String?

    /// Creates the temporary file (the target's folder must be writable).
    public init(path: String) throws(AtomicWrite.Failure) {
        let url = URL(fileURLWithPath: path)
        self.path = path
        temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)").path
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw AtomicWrite.Failure(path: path, reason: String(cString: strerror(errno))) }
        pendingTemporary = strdup(temporary)
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
            unlink(temporary)
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

    public func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var off = 0
            while off < raw.count {
                let n = Foundation.write(fd, base + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                off += n
            }
        }
    }

    /// Renames the temporary file over the target; on a write or rename failure the
    /// temporary file is removed and the target left as it was.
    public func commit() throws(AtomicWrite.Failure) {
        let closed = close(fd)
        fd = -1
        defer { release() }
        if let failure {
            unlink(temporary)
            throw AtomicWrite.Failure(path: path, reason: failure)
        }
        if closed != 0 || rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AtomicWrite.Failure(path: path, reason: reason)
        }
    }
}
