import Foundation
import Testing

/// Runs the built `gist` binary on a pseudo-terminal, as a person at a terminal would: the
/// child gets its own session with the terminal as its controlling tty (so Ctrl-C is a
/// signal), keys are written to the master side and the screen output read from it.
/// Every wait has a deadline, and the child is killed when the terminal goes away.
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    /// Everything the child wrote.
    private var bytes: [UInt8] = []
    /// Where the next `expect` starts looking, in characters of `output`.
    private var mark = 0
    private var exited: Int32?

    /// The child's output as text, carriage returns removed.
    var output: String { String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r", with: "") }

    /// The `gist` executable SwiftPM built beside the test bundle.
    static let gist: URL? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("gist")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(_ executable: URL, arguments: [String], environment: [String: String]) throws {
        let m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard m >= 0 else { throw Failure(description: "no pseudo-terminal") }
        guard let slave = Self.slaveName(m) else { close(m); throw Failure(description: "cannot unlock the pseudo-terminal") }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid in the child, the terminal becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(Self.setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard rc == 0 else { close(m); throw Failure(description: "posix_spawn: \(String(cString: strerror(rc)))") }
        master = m
        pid = child
    }

    /// glibc's POSIX_SPAWN_SETSID, which Swift's Glibc module does not import (_GNU_SOURCE).
    static let setsid: Int32 = 0x80

    /// grantpt, unlockpt and ptsname_r, looked up at run time: Swift's Glibc module hides
    /// them behind _XOPEN_SOURCE.
    static func slaveName(_ master: Int32) -> String? {
        typealias Call = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
        guard let libc = dlopen(nil, RTLD_NOW),
              let grant = dlsym(libc, "grantpt"), let unlock = dlsym(libc, "unlockpt"),
              let name = dlsym(libc, "ptsname_r") else { return nil }
        guard unsafeBitCast(grant, to: Call.self)(master) == 0, unsafeBitCast(unlock, to: Call.self)(master) == 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 128)
        guard unsafeBitCast(name, to: Name.self)(master, &buffer, buffer.count) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        if exited == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types text (control keys as their bytes: "\u{3}" is Ctrl-C, "\r" is Enter).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return write(master, base + offset, buffer.count - offset)
            }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Waits until `text` appears after the previous match; fails the test on timeout.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var open = true
        while true {
            let out = output
            let rest = out.dropFirst(mark)
            if let r = rest.range(of: text) {
                mark = out.distance(from: out.startIndex, to: r.upperBound)
                return true
            }
            if !open || Date() >= deadline {
                Issue.record("timed out waiting for \(text.debugDescription); the terminal shows:\n\(out)", sourceLocation: sourceLocation)
                return false
            }
            open = pump(milliseconds: 100)
        }
    }

    /// Waits until the child has written nothing for a moment, i.e. it is waiting for a key.
    /// Ctrl-C makes the terminal discard keys not yet read, so tests settle before control
    /// keys to know which keys the REPL has already seen, as a person at the screen would.
    func settle(quiet: Double = 0.15, timeout: Double = 5) {
        let deadline = Date().addingTimeInterval(timeout)
        var count = bytes.count
        var still = Date()
        while Date() < deadline {
            guard pump(milliseconds: 20) else { return }
            if bytes.count != count { count = bytes.count; still = Date() }
            if Date().timeIntervalSince(still) >= quiet { return }
        }
    }

    /// True when `text` appeared anywhere after the last match (no waiting).
    func saw(_ text: String) -> Bool { output.dropFirst(mark).contains(text) }

    /// Waits for the child to exit and returns its status (nil on timeout: it is killed).
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = pump(milliseconds: 50)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                _ = pump(milliseconds: 50)
                // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
                exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                return exited
            }
        }
        return nil
    }

    var isRunning: Bool {
        var status: Int32 = 0
        return exited == nil && waitpid(pid, &status, WNOHANG) == 0
    }

    /// Reads what is available within the time given; false when the terminal closed.
    private func pump(milliseconds: Int32) -> Bool {
        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, milliseconds) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        // EIO once the child has closed the terminal.
        guard n > 0 else { return false }
        bytes += buffer[0..<n]
        return true
    }
}
